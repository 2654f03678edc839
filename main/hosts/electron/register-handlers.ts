// Runs in: Electron main. One ipcMain handler per API method; each checks the sender, then hands the untrusted
// arguments to the shared dispatcher (schema validation, user-facing errors).
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { METHOD_NAMES } from '../../../shared/api/schemas';
import { dispatch } from '../../backend/api/dispatch';
import type { SeqlabService } from '../../backend/seqlab-service';

export const channelFor = (method: string) => `seqlab:${method}`;
export const EVENT_CHANNEL = 'seqlab:event';

export function registerHandlers(
  ipcMain: IpcMain,
  service: SeqlabService,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(channelFor(method), (event, ...params: unknown[]) => {
      if (!isTrustedSender(event)) return { ok: false, message: 'Refused: this call did not come from the Seqlab window.' };
      return dispatch(service, method, params);
    });
  }
}
