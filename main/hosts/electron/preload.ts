// Runs in: Electron preload (sandboxed, CommonJS). Exposes the typed API as `window.seqlab`: one named function per
// method the API table gives Electron, never a generic invoke, so a compromised page can only call what the API offers.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { methodsOver } from '../../../shared/api/client';
import { methodNamesFor } from '../../../shared/api/methods';
import type { SeqlabApi, SeqlabEvent } from '../../../shared/api/seqlab-api';
import { channelFor, EVENT_CHANNEL } from './channels';

async function invoke(method: string, params: unknown[]): Promise<unknown> {
  const reply = (await ipcRenderer.invoke(channelFor(method), ...params)) as { ok: true; value: unknown } | { ok: false; message: string };
  if (!reply.ok) throw new Error(reply.message);
  return reply.value;
}

// importPath stays in the preload: the page hands over a File, and only the preload can learn its path.
const { importPath, ...methods } = methodsOver(methodNamesFor('electron'), invoke);

const api: SeqlabApi = {
  ...methods,
  importFile: (file) => importPath(webUtils.getPathForFile(file)),
  onEvent: (listener) => {
    const handler = (_event: unknown, payload: SeqlabEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('seqlab', api);
