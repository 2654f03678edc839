// Runs in: vitest (Node); needs `npm run build`. The built Electron preload run as a sandboxed preload is: CommonJS
// whose `require` knows only electron. It must expose one named function per method of the API table that the page
// calls, never a generic invoke, and map importFile to importPath through the file's path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { methodNamesFor } from '../../shared/api/methods';
import { ROOT } from '../support/built';

const PRELOAD = join(ROOT, 'dist', 'preload', 'preload.cjs');

interface Invocation {
  channel: string;
  params: unknown[];
}

let api: Record<string, (...args: unknown[]) => unknown>;
let invocations: Invocation[];
let listeners: Map<string, (...args: unknown[]) => void>;
let reply: unknown;

beforeAll(() => {
  invocations = [];
  listeners = new Map();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: typeof api) => key === 'seqlab' && (api = value) },
    ipcRenderer: {
      invoke: async (channel: string, ...params: unknown[]) => {
        invocations.push({ channel, params });
        return reply;
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, listener),
      removeListener: (channel: string) => listeners.delete(channel),
    },
    webUtils: { getPathForFile: (file: { name: string }) => `/home/user/${file.name}` },
  };
  const sandboxRequire = (name: string) => {
    if (name !== 'electron') throw new Error(`A sandboxed preload cannot require "${name}"`);
    return electron;
  };
  const module = { exports: {} };
  runInNewContext(readFileSync(PRELOAD, 'utf8'), { require: sandboxRequire, module, exports: module.exports, console });
});

describe('Electron preload bundle', () => {
  it('requires nothing but electron and exposes exactly the page-facing methods', () => {
    const pageMethods = methodNamesFor('electron').filter((name) => name !== 'importPath');
    expect(Object.keys(api).sort()).toEqual([...pageMethods, 'importFile', 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('sends each method on its own channel and unwraps the reply', async () => {
    reply = { ok: true, value: { id: 3 } };
    expect(await api.getRun(3)).toEqual({ id: 3 });
    expect(invocations.at(-1)).toEqual({ channel: 'seqlab:getRun', params: [3] });
    reply = { ok: false, message: 'Run 3 is not in the run log.' };
    await expect(api.deleteRun(3)).rejects.toThrow('Run 3 is not in the run log.');
  });

  it('imports a dropped file by its path', async () => {
    reply = { ok: true, value: { fileName: 'weather.csv' } };
    await api.importFile({ name: 'weather.csv' });
    expect(invocations.at(-1)).toEqual({ channel: 'seqlab:importPath', params: ['/home/user/weather.csv'] });
  });

  it('relays events until unsubscribed', () => {
    const seen: unknown[] = [];
    const unsubscribe = api.onEvent((event: unknown) => seen.push(event)) as () => void;
    listeners.get('seqlab:event')?.({}, { type: 'sweep-updated', sweepId: 1 });
    expect(seen).toEqual([{ type: 'sweep-updated', sweepId: 1 }]);
    unsubscribe();
    expect(listeners.has('seqlab:event')).toBe(false);
  });
});
