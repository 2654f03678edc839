// Runs in: main process under plain Node (browser mode). Serves the built renderer and the API over a WebSocket,
// on loopback only, behind a random token: the URL carries it once, then an HttpOnly same-site cookie does.
// Nothing a client sends ends the server: bad requests get an HTTP error, a bad WebSocket frame closes that socket.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MAX_UPLOAD_BYTES, type SeqlabService } from '../../backend/seqlab-service';
import { dispatch } from '../../backend/api/dispatch';
import { messageOf } from '../../../shared/util/errors';
import { TOKEN_COOKIE, cookieValue, hostAllowed, originAllowed, tokenChecker } from './access';
import { refuseUpgrade, sendJson } from './http-replies';
import { answerCall, parseCall, type Dispatcher } from './socket-calls';
import { contentSecurityPolicy, serveStatic } from './static-files';
import { UploadFolder, UploadsFullError } from './upload-folder';
import { markStage } from '../../core/stage-timing';
import { readRecentImports } from '../../backend/datasets/recent-imports';
import { endWarmWorkers } from '../../core/dataset/worker-job';
import { warmImportWorker } from '../../backend/warm-import';

/** 256 MiB: a run bundle with a large model (an LSTM of 256 units is 1.4 MB) or a thousand long texts fit easily. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** Open pages (WebSocket connections) at once; each may hold up to MAX_MESSAGE_BYTES of calls in progress. */
export const MAX_CONNECTIONS = 32;

/** Bench only (`npm run bench -- import-window --compare`): '1' is the earlier way, the upload saved whole and then
 * read in a thread started for it; 'warm' saves it whole, then reads it in the warm thread. */
const UPLOAD_WHOLE = process.env.SEQLAB_UPLOAD_WHOLE === '1' || process.env.SEQLAB_UPLOAD_WHOLE === 'warm';
const COLD_IMPORT = process.env.SEQLAB_UPLOAD_WHOLE === '1';

const FORBIDDEN = 'Forbidden: open the URL with the token that `npm run serve` printed.';
const BAD_TARGET = 'Bad request: the request target is not a valid path.';

export interface WebServerOptions {
  service: SeqlabService;
  rendererDir: string;
  port?: number;
  /** Fixed token for tests; random otherwise. */
  token?: string;
  /** Largest WebSocket message; a larger one closes its socket with 1009. */
  maxMessageBytes?: number;
  maxConnections?: number;
  /** Cap on the uploads folder (see upload-folder.ts). */
  maxUploadsBytes?: number;
}

export interface RunningWebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const { service, rendererDir } = options;
  const maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  const tokenMatches = tokenChecker(token);
  const sockets = new Set<WebSocket>();
  // No compression: a small deflated frame must not inflate into a large message.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes, perMessageDeflate: false, clientTracking: false });
  const uploads = new UploadFolder({
    dir: service.uploadsDir,
    maxTotalBytes: options.maxUploadsBytes,
    // Kept too: the files last imported, which a window restored after a restart reads again (recent-imports.ts).
    runDatasetPaths: async () => [
      ...(await service.listRuns()).map((run) => run.provenance?.datasetPath),
      ...readRecentImports(service.uploadsDir).map((recent) => recent.path),
    ],
  });
  let port = 0;
  let csp = '';

  const authorised = (req: IncomingMessage, url: URL) =>
    hostAllowed(req.headers.host, port) &&
    (tokenMatches(url.searchParams.get('token')) || tokenMatches(cookieValue(req.headers.cookie, TOKEN_COOKIE)));

  /** The shared dispatcher for this host; an import from an upload tells the upload folder whether a dataset uses it. */
  const dispatchCall: Dispatcher = async (method, params) => {
    markStage(`call:${method}`);
    const outcome = await dispatch(service, 'web', method, params);
    markStage(`answered:${method}`);
    const uploadId = method === 'importUpload' && Array.isArray(params) ? params[0] : undefined;
    if (typeof uploadId === 'string') {
      if (outcome.ok) uploads.claim(uploadId);
      else await uploads.release(uploadId);
    }
    return outcome;
  };

  function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = requestUrl(req);
    if (!url) return sendJson(res, 400, { error: { message: BAD_TARGET } });
    if (!authorised(req, url)) return sendJson(res, 403, { error: { message: FORBIDDEN } });
    if (url.pathname === '/upload') {
      if (req.method !== 'POST') return sendJson(res, 405, { error: { message: 'Method not allowed' } });
      return void handleUpload(req, res, url);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: { message: 'Method not allowed' } });
    if (tokenMatches(url.searchParams.get('token'))) {
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    serveStatic(res, rendererDir, url.pathname, csp);
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!originAllowed(req.headers.origin, port)) {
      return sendJson(res, 403, { error: { message: `Forbidden: uploads are accepted only from the Seqlab page itself (${req.headers.origin} is another page).` } });
    }
    const tooLarge = { error: { message: `The file is larger than ${Math.round(MAX_UPLOAD_BYTES / 1024 ** 2)} MB; Seqlab accepts CSV files up to that size.` } };
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_UPLOAD_BYTES) return sendJson(res, 413, tooLarge);
    try {
      markStage('upload:request');
      await uploads.makeRoom(declared);
      if (declared > 0 && !UPLOAD_WHOLE) {
        // The length is known: the file is parsed while it arrives, and importUpload picks up that import.
        const uploadId = await service.receiveUpload(req, declared, url.searchParams.get('name') || 'upload.csv');
        markStage('upload:saved');
        return sendJson(res, 200, { uploadId });
      }
      const body = await readBody(req, MAX_UPLOAD_BYTES);
      markStage('upload:received');
      if (!body) return sendJson(res, 413, tooLarge);
      if (!declared) await uploads.makeRoom(body.length);
      const uploadId = await service.saveUpload(body);
      markStage('upload:saved');
      sendJson(res, 200, { uploadId });
    } catch (error) {
      sendJson(res, error instanceof UploadsFullError ? 507 : 400, { error: { message: messageOf(error) } });
    }
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = requestUrl(req);
    if (!url) return refuseUpgrade(socket, 400, BAD_TARGET);
    if (!authorised(req, url)) return refuseUpgrade(socket, 403, FORBIDDEN);
    if (url.pathname !== '/api') return refuseUpgrade(socket, 404, 'Not found');
    if (!originAllowed(req.headers.origin, port)) {
      return refuseUpgrade(socket, 403, `Forbidden: this page is not the Seqlab page (${req.headers.origin}); open the URL \`npm run serve\` printed.`);
    }
    if (sockets.size >= maxConnections) {
      return refuseUpgrade(socket, 503, `Too many connections: Seqlab serves at most ${maxConnections} open pages at once. Close some of its tabs, then reload.`);
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  }

  function accept(ws: WebSocket): void {
    sockets.add(ws);
    let bytesInProgress = 0;
    // ws has already closed this socket with the protocol's code (1002 malformed, 1007 bad UTF-8, 1009 too large):
    // that page loses its connection and reconnects; the server and every other page go on.
    ws.on('error', () => {});
    ws.on('close', () => sockets.delete(ws));
    void tellPausedRuns(ws);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = toBuffer(data);
      const call = parseCall(bytes, isBinary);
      // One page holds at most one maximum-size message's worth of calls in progress.
      if (call.ok && bytesInProgress + bytes.length > maxMessageBytes) {
        const message = 'The server is still working on this page\'s earlier large requests: wait for them to finish, then try again.';
        return ws.send(JSON.stringify({ id: call.id, error: { message } }));
      }
      bytesInProgress += bytes.length;
      void answerCall(call, dispatchCall).then((reply) => {
        bytesInProgress -= bytes.length;
        if (ws.readyState === ws.OPEN) ws.send(reply);
      });
    });
  }

  /** A page that (re)connects, e.g. after a reload, learns which runs wait paused (see paused-runs.ts). */
  async function tellPausedRuns(ws: WebSocket): Promise<void> {
    for (const event of await service.pausedRunEvents()) if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event }));
  }

  const server: Server = createServer((req, res) => {
    try {
      handleRequest(req, res);
    } catch (error) {
      sendJson(res, 500, { error: { message: messageOf(error) } });
    }
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must not take the server with it.
    socket.on('error', () => {});
    try {
      handleUpgrade(req, socket, head);
    } catch {
      socket.destroy();
    }
  });

  const unsubscribe = service.onEvent((event) => {
    const message = JSON.stringify({ event });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  // Uploads from earlier sessions that no saved run was trained on are of no use any more.
  await uploads.prune().catch(() => 0);
  // The first file dropped should not wait for an import thread to boot (see worker-job.ts).
  if (!COLD_IMPORT) warmImportWorker();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  csp = contentSecurityPolicy(port);

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await endWarmWorkers();
    },
  };
}

/** The request target as a URL, or null when it cannot be parsed (e.g. `//[`: new URL threw and killed the server). */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** The body, or null once it passes `limit` (the rest is read and dropped, so the client still gets our answer). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => reject(new Error('The upload was interrupted: drop the file again.')));
  });
}
