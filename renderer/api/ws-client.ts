// Runs in: renderer (browser mode). SeqlabApi over the server's WebSocket, with uploads over HTTP POST.
import type { SeqlabApi, SeqlabEvent } from '../../shared/api/seqlab-api';
import type { DatasetSummary } from '../../shared/model/dataset';
import type { UploadResponse, WsMethodName, WsServerMessage } from '../../shared/api/ws-protocol';
import { methodsOver } from '../../shared/api/client';
import { methodNamesFor } from '../../shared/api/methods';
import type { ConnectionAware, ConnectionStatus } from './connection';

export const LOST_CONNECTION_MESSAGE =
  'Lost connection to the Seqlab server: restart `npm run serve` and reload the page.';
export const MISSING_TOKEN_MESSAGE =
  'Could not reach the Seqlab server without an access token: open the full address `npm run serve` printed (it ends with ?token=…).';

export interface WebSocketApiOptions {
  /** Delays between reconnection attempts; the last one repeats. */
  reconnectDelaysMs?: readonly number[];
  /** The WebSocket class; the page's own by default (tests under jsdom pass Node's). */
  WebSocketImpl?: typeof WebSocket;
}

/** The browser-mode client: the API, its connection state, and `close` for tests and teardown. */
export type WebSocketApi = SeqlabApi & ConnectionAware & { close(): void };

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

type EventListener = (event: SeqlabEvent) => void;

export function createWebSocketApi(
  location: Pick<Location, 'href'>,
  options: WebSocketApiOptions = {},
): WebSocketApi {
  const pageUrl = new URL(location.href);
  // Without a token in the address the server may still accept its session cookie, so try anyway.
  const token = pageUrl.searchParams.get('token');
  const tokenQuery = token ? `token=${encodeURIComponent(token)}` : '';
  const socketUrl = new URL(`/api?${tokenQuery}`, pageUrl);
  socketUrl.protocol = pageUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  const reconnectDelays = options.reconnectDelaysMs ?? [1000, 2000, 5000, 10_000];
  const SocketClass = options.WebSocketImpl ?? WebSocket;

  const eventListeners = new Set<EventListener>();
  const connectionListeners = new Set<(status: ConnectionStatus) => void>();
  const pending = new Map<number, Pending>();
  // Requests made before the socket opened; sent in order on open.
  let outbox: string[] = [];
  let socket: WebSocket | null = null;
  let nextId = 1;
  let failedAttempts = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let everOpened = false;
  let status: ConnectionStatus = { state: 'connecting', message: null };

  function setStatus(next: ConnectionStatus): void {
    if (next.state === status.state && next.message === status.message) return;
    status = next;
    for (const listener of connectionListeners) listener(status);
  }

  function emit(event: SeqlabEvent): void {
    for (const listener of eventListeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('Seqlab event listener failed', error);
      }
    }
  }

  function connect(): void {
    if (socket || closed) return;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    const ws = new SocketClass(socketUrl);
    socket = ws;
    if (status.state !== 'lost') setStatus({ state: 'connecting', message: null });
    ws.onopen = () => {
      failedAttempts = 0;
      everOpened = true;
      setStatus({ state: 'open', message: null });
      for (const frame of outbox) ws.send(frame);
      outbox = [];
    };
    ws.onmessage = (message) => receive(message.data);
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      const message = everOpened || token ? LOST_CONNECTION_MESSAGE : MISSING_TOKEN_MESSAGE;
      for (const call of pending.values()) call.reject(new Error(message));
      pending.clear();
      outbox = [];
      setStatus({ state: 'lost', message });
      if (closed) return;
      const delay = reconnectDelays[Math.min(failedAttempts, reconnectDelays.length - 1)];
      failedAttempts += 1;
      reconnectTimer = setTimeout(connect, delay);
    };
    // An error is always followed by close, which does the cleanup.
    ws.onerror = () => {};
  }

  function receive(data: unknown): void {
    let message: WsServerMessage;
    try {
      message = JSON.parse(String(data)) as WsServerMessage;
    } catch {
      console.warn('Seqlab: ignored a message that is not JSON');
      return;
    }
    if ('event' in message) {
      emit(message.event);
      return;
    }
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if ('error' in message) call.reject(new Error(message.error?.message ?? 'The server reported an error.'));
    else call.resolve(message.result);
  }

  /** Sends one request (queued until the socket opens); its answer settles the promise. */
  function send(method: WsMethodName, params: unknown[]): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      if (closed) {
        reject(new Error(LOST_CONNECTION_MESSAGE));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      const frame = JSON.stringify({ id, method, params });
      // A call between reconnection attempts tries at once rather than waiting for the timer.
      connect();
      if (socket?.readyState === SocketClass.OPEN) socket.send(frame);
      else outbox.push(frame);
    });
  }

  function upload(file: File): Promise<string> {
    return new Promise((resolve, reject) => {
      const url = new URL('/upload', pageUrl);
      url.search = `?${tokenQuery ? `${tokenQuery}&` : ''}name=${encodeURIComponent(file.name)}`;
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.onload = () => {
        let body: Partial<UploadResponse> & { error?: { message?: string } } = {};
        try {
          body = JSON.parse(xhr.responseText) as typeof body;
        } catch {
          // Fall through to the generic message below.
        }
        if (xhr.status >= 200 && xhr.status < 300 && typeof body.uploadId === 'string') resolve(body.uploadId);
        else reject(new Error(body.error?.message ?? `Uploading ${file.name} failed (HTTP ${xhr.status}).`));
      };
      xhr.onerror = () => reject(new Error(LOST_CONNECTION_MESSAGE));
      xhr.send(file);
    });
  }

  connect();

  // One named function per method the socket answers; importUpload stays here, behind importFile.
  const { importUpload, ...methods } = methodsOver(methodNamesFor('web'), send);

  const api = {
    ...methods,
    async importFile(file: File): Promise<DatasetSummary> {
      const uploadId = await upload(file);
      performance.mark('seqlab:upload-done');
      return importUpload(uploadId, file.name);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      listener(status);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      socket?.close();
    },
  } satisfies WebSocketApi;
  return api;
}
