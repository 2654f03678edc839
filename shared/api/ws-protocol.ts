// Runs in: renderer and main (types only). The browser mode's wire protocol: SeqlabApi over one WebSocket
// at `/api?token=TOKEN`, plus `POST /upload?token=TOKEN&name=<file name>` for the raw bytes of a CSV.
import type { ApiErrorPayload, SeqlabApi, SeqlabEvent } from './seqlab-api';
import type { DatasetSummary } from '../model/dataset';

/** Methods callable over the socket: the API minus what the client does itself, plus `importUpload`. */
export type WsMethods = Omit<SeqlabApi, 'importFile' | 'onEvent'> & {
  /** Import a file already sent to `/upload` (its `uploadId` comes from that response). */
  importUpload(uploadId: string, fileName: string): Promise<DatasetSummary>;
};

export type WsMethodName = keyof WsMethods;

/** Client -> server. */
export interface WsRequest<M extends WsMethodName = WsMethodName> {
  id: number;
  method: M;
  params: Parameters<WsMethods[M]>;
}

/** Server -> client: the answer to one request, or an event pushed to every client. */
export type WsServerMessage =
  | { id: number; result: unknown }
  | { id: number; error: ApiErrorPayload }
  | { event: SeqlabEvent };

/** Body of a successful `POST /upload`; failures answer 4xx with `{ error: ApiErrorPayload }`. */
export interface UploadResponse {
  uploadId: string;
}
