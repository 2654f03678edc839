// Runs in: main process (browser mode). Who may talk to the server: the holder of the token (in the URL once, then
// in a cookie), through our own host name (DNS rebinding), from our own page (Origin: other pages, including pages on
// other 127.0.0.1 ports, which browsers count as same-site and send the cookie from).
import { createHash, timingSafeEqual } from 'node:crypto';

export const TOKEN_COOKIE = 'seqlab_token';

/** Far above the 32 characters we issue; longer candidates are refused without hashing them. */
const MAX_TOKEN_CHARS = 1024;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * A constant-time check against `token`. It compares SHA-256 digests of the UTF-8 bytes, which always have the same
 * length: comparing the strings' bytes directly threw (and killed the server) when a candidate of the right number
 * of characters had more bytes, e.g. 32 'é'.
 */
export function tokenChecker(token: string): (candidate: unknown) => boolean {
  const expected = sha256(token);
  return (candidate) =>
    typeof candidate === 'string' && candidate.length > 0 && candidate.length <= MAX_TOKEN_CHARS && timingSafeEqual(sha256(candidate), expected);
}

/** The origins our own page has: the URL we print (127.0.0.1) and its localhost twin. */
export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** DNS rebinding defence: a page on another name that resolves to 127.0.0.1 must not reach us. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/**
 * Browsers send Origin with every WebSocket upgrade and every POST, so a page elsewhere (another site, another port,
 * a sandboxed frame's "null") is refused. No Origin at all means no browser page: curl, scripts, tests.
 */
export function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === undefined || ownOrigins(port).includes(origin);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
