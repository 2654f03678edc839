// Runs in: main process (browser mode). Serves the built renderer: only files inside its folder, with the page's
// Content-Security-Policy, and a clear 400 for a path that is not valid percent-encoded UTF-8.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ownOrigins } from './access';
import { sendJson } from './http-replies';

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

export const BAD_PATH_MESSAGE = 'Bad request: the path is not valid percent-encoded UTF-8.';

/** The page may connect to this server's own WebSocket and nothing else (the desktop app's policy has no ws: at all). */
export function contentSecurityPolicy(port: number): string {
  const sockets = ownOrigins(port).map((origin) => origin.replace(/^http:/, 'ws:'));
  return (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    `connect-src 'self' ${sockets.join(' ')}; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
  );
}

/** The decoded path, or null when it is not valid percent-encoded UTF-8 (decodeURIComponent throws) or holds NUL. */
export function decodePath(pathname: string): string | null {
  try {
    const decoded = decodeURIComponent(pathname);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

export function serveStatic(res: ServerResponse, root: string, pathname: string, csp: string): void {
  const decoded = decodePath(pathname === '/' ? '/index.html' : pathname);
  if (decoded === null) return sendJson(res, 400, { error: { message: BAD_PATH_MESSAGE } });
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const file = join(root, relative);
  if (!file.startsWith(root + sep) || !isFile(file)) {
    if (!existsSync(join(root, 'index.html'))) {
      return sendJson(res, 500, { error: { message: 'The renderer is not built: run `npm run build` first.' } });
    }
    return sendJson(res, 404, { error: { message: 'Not found' } });
  }
  const headers = {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
  if (extname(file) === '.html') {
    // The page's own <meta> policy is written for both modes; here it gets this server's, so the two agree.
    const html = readFileSync(file, 'utf8').replace(
      /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/i,
      (_match, before: string, after: string) => `${before}${csp}${after}`,
    );
    res.writeHead(200, headers);
    res.end(html);
    return;
  }
  res.writeHead(200, headers);
  // A file removed between the check and the read ends this response, never the server.
  pipeline(createReadStream(file), res).catch(() => res.destroy());
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
