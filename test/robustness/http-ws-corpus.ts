// Runs in: vitest (Node). Hostile HTTP requests and WebSocket traffic for the browser mode, each with its exact
// expected outcome. Data only: http-ws-corpus.test.ts sends every case to one real `serve` process.
// Placeholders: {token} is the server's token, {port} its port. Messages are regular expressions.
import type { FrameSpec } from './support/raw-client';

/** A request sent byte for byte (Latin-1: 'é' goes out as the single byte 0xE9). */
export interface HttpCase {
  name: string;
  kind: 'http';
  method?: string;
  /** The request target as sent on the request line. */
  path: string;
  /** Added to `Host: 127.0.0.1:{port}`; an empty value removes that header. */
  headers?: Record<string, string>;
  body?: string;
  expect: { status: number; message?: string };
}

/** A WebSocket upgrade (refused, or accepted and then fed frames). */
export interface WsCase {
  name: string;
  kind: 'ws';
  /** Upgrade target; `/api?token={token}` unless given. */
  path?: string;
  headers?: Record<string, string>;
  frames?: FrameSpec[];
  expect:
    | { upgrade: number; message?: string }
    /** An error reply to the call (message regexp), with this id echoed. */
    | { reply: string; id: unknown }
    /** The server closes this socket with this code; the server itself stays up. */
    | { close: number };
}

/** Open connections until one is refused. */
export interface FloodCase {
  name: string;
  kind: 'ws-flood';
  attempts: number;
  expect: { status: number; message: string; atMostAccepted: number };
}

export type CorpusCase = HttpCase | WsCase | FloodCase;

const E32 = '%C3%A9'.repeat(32);
/** 32 bytes 0xE9: a Latin-1 header string of 32 characters and 64 UTF-8 bytes. */
const RAW_E32 = 'é'.repeat(32);
const FORBIDDEN = '^Forbidden: open the URL with the token';
const BAD_PATH = '^Bad request: the path is not valid percent-encoded UTF-8';
const FOREIGN_UPLOAD = '^Forbidden: uploads are accepted only from the Seqlab page itself';
const MALFORMED_OBJECT = '^Malformed request: expected a JSON object';
const tokenOf = (n: number) => 'a'.repeat(n);
const call = (value: unknown) => JSON.stringify(value);
const deep = (depth: number) => `{"id":1,"method":"getRun","params":${'['.repeat(depth)}${']'.repeat(depth)}}`;

export const HTTP_CASES: HttpCase[] = [
  // Item 1: a token whose UTF-16 length matches and whose byte length does not (timingSafeEqual threw).
  { name: 'query token of 32 é (percent-encoded)', kind: 'http', path: `/?token=${E32}`, expect: { status: 403, message: FORBIDDEN } },
  { name: 'cookie token of 32 raw 0xE9 bytes', kind: 'http', path: '/', headers: { Cookie: `seqlab_token=${RAW_E32}` }, expect: { status: 403, message: FORBIDDEN } },
  { name: 'query token of 16 emoji (32 UTF-16 units)', kind: 'http', path: `/?token=${'%F0%9F%98%80'.repeat(16)}`, expect: { status: 403, message: FORBIDDEN } },
  { name: 'query token of 10,000 characters', kind: 'http', path: `/?token=${tokenOf(10_000)}`, expect: { status: 403, message: FORBIDDEN } },
  { name: 'empty token', kind: 'http', path: '/?token=', expect: { status: 403, message: FORBIDDEN } },
  { name: 'wrong token of the right length', kind: 'http', path: `/?token=${tokenOf(32)}`, expect: { status: 403, message: FORBIDDEN } },
  { name: 'wrong token first, right token second', kind: 'http', path: `/?token=${tokenOf(32)}&token={token}`, expect: { status: 403, message: FORBIDDEN } },
  // DNS rebinding and missing Host.
  { name: 'foreign Host header with the token', kind: 'http', path: '/?token={token}', headers: { Host: 'evil.example:{port}' }, expect: { status: 403, message: FORBIDDEN } },
  { name: 'Host without the port', kind: 'http', path: '/?token={token}', headers: { Host: '127.0.0.1' }, expect: { status: 403, message: FORBIDDEN } },
  { name: 'no Host header (HTTP/1.1)', kind: 'http', path: '/?token={token}', headers: { Host: '' }, expect: { status: 400 } },
  // Item 3: malformed percent-encoding (decodeURIComponent threw).
  { name: 'overlong UTF-8 dot /%c0%ae', kind: 'http', path: '/%c0%ae?token={token}', expect: { status: 400, message: BAD_PATH } },
  { name: 'lone percent /%', kind: 'http', path: '/%?token={token}', expect: { status: 400, message: BAD_PATH } },
  { name: 'invalid byte /%ff', kind: 'http', path: '/%ff?token={token}', expect: { status: 400, message: BAD_PATH } },
  { name: 'NUL byte /%00', kind: 'http', path: '/index.html%00.png?token={token}', expect: { status: 400, message: BAD_PATH } },
  { name: 'unparseable request target //[', kind: 'http', path: '//[?token={token}', expect: { status: 400, message: '^Bad request: the request target is not a valid path' } },
  { name: 'encoded traversal to the run log', kind: 'http', path: '/..%2f..%2fruns.db?token={token}', expect: { status: 404, message: '^Not found' } },
  { name: 'encoded dot-dot to /etc/passwd', kind: 'http', path: '/%2e%2e/%2e%2e/%2e%2e/etc/passwd?token={token}', expect: { status: 404, message: '^Not found' } },
  { name: 'a folder, not a file', kind: 'http', path: '/assets?token={token}', expect: { status: 404, message: '^Not found' } },
  // Methods.
  { name: 'PUT', kind: 'http', method: 'PUT', path: '/?token={token}', body: 'x', expect: { status: 405, message: '^Method not allowed' } },
  { name: 'DELETE /upload', kind: 'http', method: 'DELETE', path: '/upload?token={token}', expect: { status: 405, message: '^Method not allowed' } },
  // Item 5: uploads from another origin (another 127.0.0.1 port is same-site for cookies).
  { name: 'upload from another 127.0.0.1 port', kind: 'http', method: 'POST', path: '/upload?token={token}', headers: { Origin: 'http://127.0.0.1:1' }, body: 'a,b\n1,2\n', expect: { status: 403, message: FOREIGN_UPLOAD } },
  { name: 'upload from Origin null', kind: 'http', method: 'POST', path: '/upload?token={token}', headers: { Origin: 'null' }, body: 'a,b\n1,2\n', expect: { status: 403, message: FOREIGN_UPLOAD } },
  { name: 'upload from a look-alike origin', kind: 'http', method: 'POST', path: '/upload?token={token}', headers: { Origin: 'http://127.0.0.1:{port}.evil.example' }, body: 'a,b\n1,2\n', expect: { status: 403, message: FOREIGN_UPLOAD } },
  { name: 'upload with a token of 32 é', kind: 'http', method: 'POST', path: `/upload?token=${E32}`, body: 'a,b\n1,2\n', expect: { status: 403, message: FORBIDDEN } },
  { name: 'upload with a cookie of 32 raw 0xE9 bytes', kind: 'http', method: 'POST', path: '/upload', headers: { Cookie: `seqlab_token=${RAW_E32}` }, body: 'a,b\n1,2\n', expect: { status: 403, message: FORBIDDEN } },
  { name: 'upload announcing 300 MB', kind: 'http', method: 'POST', path: '/upload?token={token}', headers: { 'Content-Length': '300000000' }, expect: { status: 413, message: '^The file is larger than 200 MB' } },
  // The HTTP parser's own refusals must stay refusals.
  { name: 'Content-Length and Transfer-Encoding together', kind: 'http', method: 'POST', path: '/upload?token={token}', headers: { 'Content-Length': '3', 'Transfer-Encoding': 'chunked' }, body: '0\r\n\r\n', expect: { status: 400 } },
  { name: 'request target of 20 KB', kind: 'http', path: `/${'a'.repeat(20_000)}?token={token}`, expect: { status: 431 } },
  { name: 'unknown method FOO', kind: 'http', method: 'FOO', path: '/?token={token}', expect: { status: 400 } },
];

export const WS_CASES: WsCase[] = [
  // Item 1 over the upgrade, and the upgrade's other checks.
  { name: 'upgrade with a token of 32 é', kind: 'ws', path: `/api?token=${E32}`, expect: { upgrade: 403, message: FORBIDDEN } },
  { name: 'upgrade with a cookie of 32 raw 0xE9 bytes', kind: 'ws', path: '/api', headers: { Cookie: `seqlab_token=${RAW_E32}` }, expect: { upgrade: 403, message: FORBIDDEN } },
  { name: 'upgrade from another origin', kind: 'ws', headers: { Origin: 'http://evil.example' }, expect: { upgrade: 403, message: '^Forbidden: this page is not the Seqlab page' } },
  { name: 'upgrade from Origin null', kind: 'ws', headers: { Origin: 'null' }, expect: { upgrade: 403, message: '^Forbidden: this page is not the Seqlab page' } },
  { name: 'upgrade to another path', kind: 'ws', path: '/other?token={token}', expect: { upgrade: 404, message: '^Not found' } },
  { name: 'upgrade with a foreign Host', kind: 'ws', headers: { Host: 'evil.example:{port}' }, expect: { upgrade: 403, message: FORBIDDEN } },
  { name: 'upgrade with WebSocket version 7', kind: 'ws', headers: { 'Sec-WebSocket-Version': '7' }, expect: { upgrade: 400 } },
  { name: 'upgrade without a key', kind: 'ws', headers: { 'Sec-WebSocket-Key': '' }, expect: { upgrade: 400 } },
  // Item 3: messages that are not a call object (null killed the server with an unhandled rejection).
  { name: 'message null', kind: 'ws', frames: [{ text: 'null' }], expect: { reply: MALFORMED_OBJECT, id: null } },
  { name: 'message []', kind: 'ws', frames: [{ text: '[]' }], expect: { reply: MALFORMED_OBJECT, id: null } },
  { name: 'message 42', kind: 'ws', frames: [{ text: '42' }], expect: { reply: MALFORMED_OBJECT, id: null } },
  { name: 'message "listRuns"', kind: 'ws', frames: [{ text: '"listRuns"' }], expect: { reply: MALFORMED_OBJECT, id: null } },
  { name: 'message true', kind: 'ws', frames: [{ text: 'true' }], expect: { reply: MALFORMED_OBJECT, id: null } },
  { name: 'message that is not JSON', kind: 'ws', frames: [{ text: '{' }], expect: { reply: '^Malformed request: expected JSON', id: null } },
  { name: 'empty object', kind: 'ws', frames: [{ text: '{}' }], expect: { reply: '^Unknown method undefined', id: null } },
  { name: 'method __proto__', kind: 'ws', frames: [{ text: call({ id: 1, method: '__proto__' }) }], expect: { reply: '^Unknown method "__proto__"', id: 1 } },
  { name: 'method constructor', kind: 'ws', frames: [{ text: call({ id: 2, method: 'constructor', params: [] }) }], expect: { reply: '^Unknown method "constructor"', id: 2 } },
  { name: 'method toString', kind: 'ws', frames: [{ text: call({ id: 'x', method: 'toString', params: [] }) }], expect: { reply: '^Unknown method "toString"', id: 'x' } },
  { name: 'method as an array', kind: 'ws', frames: [{ text: call({ id: 3, method: ['listRuns'], params: [] }) }], expect: { reply: '^Unknown method \\["listRuns"\\]', id: 3 } },
  { name: 'params a string', kind: 'ws', frames: [{ text: call({ id: 4, method: 'listRuns', params: 'x' }) }], expect: { reply: '^Invalid arguments to listRuns', id: 4 } },
  { name: 'params an array-like object', kind: 'ws', frames: [{ text: call({ id: 5, method: 'getRun', params: { 0: 1, length: 1 } }) }], expect: { reply: '^Invalid arguments to getRun', id: 5 } },
  { name: 'run id 1e309 (Infinity)', kind: 'ws', frames: [{ text: '{"id":6,"method":"getRun","params":[1e309]}' }], expect: { reply: '^Invalid arguments to getRun', id: 6 } },
  { name: 'run id a numeric string', kind: 'ws', frames: [{ text: call({ id: 7, method: 'getRun', params: ['1'] }) }], expect: { reply: '^Invalid arguments to getRun', id: 7 } },
  { name: 'patch with a __proto__ key', kind: 'ws', frames: [{ text: '{"id":8,"method":"updateRun","params":[1,{"__proto__":{"starred":true}}]}' }], expect: { reply: '^Invalid arguments to updateRun', id: 8 } },
  { name: 'query with a __proto__ key', kind: 'ws', frames: [{ text: '{"id":9,"method":"queryRuns","params":[{"__proto__":{"limit":5}}]}' }], expect: { reply: '^Invalid arguments to queryRuns', id: 9 } },
  { name: 'params with a constructor key', kind: 'ws', frames: [{ text: '{"id":10,"method":"queryRuns","params":[{"constructor":{"prototype":{"x":1}}}]}' }], expect: { reply: '^Invalid arguments to queryRuns', id: 10 } },
  { name: 'id an object', kind: 'ws', frames: [{ text: call({ id: { x: 1 }, method: 'listRuns', params: [] }) }], expect: { reply: '^Malformed request: "id" must be a number or a string', id: null } },
  { name: 'params nested 10,000 deep', kind: 'ws', frames: [{ text: deep(10_000) }], expect: { reply: '^Invalid arguments to getRun', id: 1 } },
  { name: 'upload id with a path in it', kind: 'ws', frames: [{ text: call({ id: 11, method: 'importUpload', params: ['../../../etc/passwd', 'x.csv'] }) }], expect: { reply: '^Invalid arguments to importUpload', id: 11 } },
  { name: 'bundle null', kind: 'ws', frames: [{ text: call({ id: 12, method: 'importRun', params: [null] }) }], expect: { reply: '^Invalid arguments to importRun', id: 12 } },
  { name: 'binary frame', kind: 'ws', frames: [{ opcode: 0x2, text: call({ id: 13, method: 'listRuns', params: [] }) }], expect: { reply: '^Malformed request: send each call as JSON in a text frame', id: null } },
  // Item 2: malformed frames close that one socket with the protocol's code; frames over the limit with 1009.
  { name: 'text frame of invalid UTF-8', kind: 'ws', frames: [{ hex: 'c0af7b7d' }], expect: { close: 1007 } },
  { name: 'reserved opcode 0x3', kind: 'ws', frames: [{ opcode: 0x3, text: 'x' }], expect: { close: 1002 } },
  { name: 'RSV1 bit without an extension', kind: 'ws', frames: [{ rsv: 0b100, text: '{}' }], expect: { close: 1002 } },
  { name: 'RSV2 and RSV3 bits', kind: 'ws', frames: [{ rsv: 0b011, text: '{}' }], expect: { close: 1002 } },
  { name: 'close frame with code 999', kind: 'ws', frames: [{ opcode: 0x8, hex: '03e7' }], expect: { close: 1002 } },
  { name: 'unmasked client frame', kind: 'ws', frames: [{ mask: false, text: '{}' }], expect: { close: 1002 } },
  { name: 'frame announcing 300 MiB', kind: 'ws', frames: [{ declaredLength: 300 * 1024 * 1024, text: '{"id":1' }], expect: { close: 1009 } },
  { name: 'frame announcing 2^53 - 1 bytes', kind: 'ws', frames: [{ declaredLength: Number.MAX_SAFE_INTEGER, text: '{' }], expect: { close: 1009 } },
  { name: 'ping of 126 bytes', kind: 'ws', frames: [{ opcode: 0x9, text: 'p'.repeat(126) }], expect: { close: 1002 } },
  { name: 'fragmented ping', kind: 'ws', frames: [{ opcode: 0x9, fin: false, text: 'p' }], expect: { close: 1002 } },
  { name: 'continuation without a first fragment', kind: 'ws', frames: [{ opcode: 0x0, text: '{}' }], expect: { close: 1002 } },
  { name: 'new message inside a fragmented one', kind: 'ws', frames: [{ fin: false, text: '{"id":' }, { text: '1}' }], expect: { close: 1002 } },
];

export const FLOOD_CASES: FloodCase[] = [
  {
    name: '100 WebSocket connections at once',
    kind: 'ws-flood',
    attempts: 100,
    expect: { status: 503, message: '^Too many connections: Seqlab serves at most 32 open pages at once', atMostAccepted: 32 },
  },
];

export const HTTP_WS_CORPUS: CorpusCase[] = [...HTTP_CASES, ...WS_CASES, ...FLOOD_CASES];
