// Runs in: renderer and main (types only). The browser mode's wire protocol: the API table's methods over one
// WebSocket at `/api?token=TOKEN`, plus `POST /upload?token=TOKEN&name=<file name>` for the raw bytes of a CSV.
import type { ApiErrorPayload, SeqlabEvent } from './seqlab-api';
import type { HostMethodName, ParamsOf, WireMethods } from './methods';

/** Methods callable over the socket: every method of the table but Electron's importPath. */
export type WsMethodName = HostMethodName<'web'>;
export type WsMethods = Pick<WireMethods, WsMethodName>;

/** Client -> server. */
export interface WsRequest<M extends WsMethodName = WsMethodName> {
  id: number;
  method: M;
  params: ParamsOf<M>;
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
