// Runs in: Electron main. One ipcMain handler per method the API table gives Electron; each checks the sender, then
// hands the untrusted arguments to the shared dispatcher (host check, schema validation, user-facing errors).
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { methodNamesFor } from '../../../shared/api/methods';
import { dispatch } from '../../backend/api/dispatch';
import type { Handlers } from '../../backend/api/handlers';
import { channelFor } from './channels';

export function registerHandlers(
  ipcMain: IpcMain,
  handlers: Handlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const method of methodNamesFor('electron')) {
    ipcMain.handle(channelFor(method), (event, ...params: unknown[]) => {
      if (!isTrustedSender(event)) return { ok: false, message: 'Refused: this call did not come from the Seqlab window.' };
      return dispatch(handlers, 'electron', method, params);
    });
  }
}
