// Runs in: Electron main (plain functions, no electron import, so plain Node tests check them). Which URLs are the
// app's own pages (app://seqlab/...), which file of the built renderer an app:// request may read, and the page's
// Content-Security-Policy.
import { join, normalize, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'seqlab';
/** The renderer is served from this custom, privileged origin (see protocol.ts), never from file://. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The desktop page talks to main over IPC only: no WebSocket, no fetch to anywhere but its own files. (The browser
 * mode's policy allows that server's own WebSocket; see main/hosts/web/static-files.ts.)
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function parse(url: string | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** app://seqlab/... exactly: not another host under our scheme, no user info, no port. */
export function isAppUrl(url: string | undefined): boolean {
  const parsed = parse(url);
  return (
    !!parsed &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname.toLowerCase() === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * The file of the built renderer that an app:// request names, or null: another host (app://evil/...), a path that
 * is not valid percent-encoding, or one that leaves the renderer folder.
 */
export function appFilePath(url: string, rendererDir: string): string | null {
  if (!isAppUrl(url)) return null;
  const { pathname } = new URL(url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = join(rendererDir, normalize(decoded).replace(/^([/\\])+/, ''));
  return file.startsWith(rendererDir + sep) ? file : null;
}
