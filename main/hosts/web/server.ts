// Runs in: main process under plain Node (browser mode). Serves the built renderer and the API over a WebSocket,
// on loopback only, behind a random token: the URL carries it once, then an HttpOnly same-site cookie does.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_UPLOAD_BYTES, type SeqlabService } from '../../backend/seqlab-service';
import { dispatch } from '../../backend/api/dispatch';
import { messageOf } from '../../../shared/util/errors';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const COOKIE = 'seqlab_token';

export interface WebServerOptions {
  service: SeqlabService;
  rendererDir: string;
  port?: number;
  /** Fixed token for tests; random otherwise. */
  token?: string;
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
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  let port = 0;

  const tokenMatches = (candidate: string | null | undefined) =>
    !!candidate && candidate.length === token.length && timingSafeEqual(Buffer.from(candidate), Buffer.from(token));

  // DNS rebinding defence: a page on another name that resolves to 127.0.0.1 must not reach us.
  const hostAllowed = (req: IncomingMessage) =>
    req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;

  const authorised = (req: IncomingMessage, url: URL) =>
    hostAllowed(req) && (tokenMatches(url.searchParams.get('token')) || tokenMatches(cookieValue(req, COOKIE)));

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!authorised(req, url)) return sendJson(res, 403, { error: { message: 'Forbidden: open the URL with the token that `npm run serve` printed.' } });
    if (req.method === 'POST' && url.pathname === '/upload') return void handleUpload(req, res, service);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: { message: 'Method not allowed' } });
    if (tokenMatches(url.searchParams.get('token'))) {
      res.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    serveStatic(res, rendererDir, url.pathname);
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const originAllowed = !origin || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (url.pathname !== '/api' || !authorised(req, url) || !originAllowed) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => void handleCall(ws, data.toString(), service));
    });
  });

  const unsubscribe = service.onEvent((event) => {
    const message = JSON.stringify({ event });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handleCall(ws: WebSocket, raw: string, service: SeqlabService): Promise<void> {
  let request: { id?: unknown; method?: unknown; params?: unknown };
  try {
    request = JSON.parse(raw) as typeof request;
  } catch {
    return ws.send(JSON.stringify({ id: null, error: { message: 'Malformed request: expected JSON' } }));
  }
  const outcome = await dispatch(service, 'web', request.method, request.params);
  const reply = outcome.ok
    ? { id: request.id, result: outcome.value }
    : { id: request.id, error: { message: outcome.message } };
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
}

async function handleUpload(req: IncomingMessage, res: ServerResponse, service: SeqlabService): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      // Stop reading at the limit; saveUpload turns the oversize buffer into the user's message.
      if (size > MAX_UPLOAD_BYTES) return sendJson(res, 413, { error: { message: `The file is larger than ${MAX_UPLOAD_BYTES / 1e6} MB; Seqlab accepts CSV files up to that size.` } });
      chunks.push(chunk as Buffer);
    }
    const uploadId = await service.saveUpload(Buffer.concat(chunks));
    sendJson(res, 200, { uploadId });
  } catch (error) {
    sendJson(res, 400, { error: { message: messageOf(error) } });
  }
}

function serveStatic(res: ServerResponse, root: string, pathname: string): void {
  const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^([/\\])+/, '');
  const file = join(root, relative);
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    if (!existsSync(join(root, 'index.html'))) {
      return sendJson(res, 500, { error: { message: 'The renderer is not built: run `npm run build` first.' } });
    }
    return sendJson(res, 404, { error: { message: 'Not found' } });
  }
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  createReadStream(file).pipe(res);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
