// Runs in: vitest (Node). Hand-made HTTP requests and WebSocket frames over a bare TCP socket, so the hostile cases
// can send what no well-behaved client would: broken percent-encoding, non-ASCII header bytes, unmasked frames,
// reserved opcodes, bad close codes, lengths over the limit.
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Latin-1, so a header written 'é' goes out as the single byte 0xE9, as a hostile page or tool can send it. */
export function sendRaw(port: number, request: string | Buffer, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      // The server may keep the connection open after a full response: stop once the body is complete.
      const parsed = parseResponse(Buffer.concat(chunks));
      if (parsed) {
        clearTimeout(timer);
        socket.destroy();
        resolve(parsed);
      }
    });
    socket.on('error', () => {
      // A reset after the answer is fine; without an answer the close handler reports it.
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const parsed = parseResponse(Buffer.concat(chunks), true);
      if (parsed) resolve(parsed);
      else reject(new Error(`connection closed without an HTTP answer (${Buffer.concat(chunks).length} bytes)`));
    });
    socket.write(typeof request === 'string' ? Buffer.from(request, 'latin1') : request);
  });
}

function parseResponse(bytes: Buffer, ended = false): RawResponse | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = bytes.subarray(end + 4);
  const length = headers['content-length'] !== undefined ? Number(headers['content-length']) : null;
  if (length !== null && body.length < length) return null;
  if (length === null && !ended && headers['transfer-encoding'] === 'chunked' && !body.toString('latin1').endsWith('0\r\n\r\n')) return null;
  if (length === null && !ended && headers['transfer-encoding'] !== 'chunked') return null;
  const text = headers['transfer-encoding'] === 'chunked' ? unchunk(body) : body.subarray(0, length ?? body.length).toString('utf8');
  return { status, headers, body: text };
}

function unchunk(body: Buffer): string {
  let out = '';
  let rest = body.toString('latin1');
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    if (lineEnd < 0) break;
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!size) break;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
  return Buffer.from(out, 'latin1').toString('utf8');
}

/** The message of a JSON error body (`{ error: { message } }`), or the raw body. */
export function errorMessageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } };
    return parsed.error?.message ?? body;
  } catch {
    return body;
  }
}

export interface FrameSpec {
  /** A text frame with this payload (UTF-8) unless `hex` or `opcode` says otherwise. */
  text?: string;
  /** Payload as hex bytes (e.g. invalid UTF-8). */
  hex?: string;
  opcode?: number;
  fin?: boolean;
  /** RSV1-3 as bits 0b100, 0b010, 0b001. */
  rsv?: number;
  /** Client frames must be masked; false sends an unmasked one. */
  mask?: boolean;
  /** Announce this payload length in the header instead of the real one (the payload itself is still sent). */
  declaredLength?: number;
}

export function encodeFrame(spec: FrameSpec): Buffer {
  const payload = spec.hex !== undefined ? Buffer.from(spec.hex, 'hex') : Buffer.from(spec.text ?? '', 'utf8');
  const opcode = spec.opcode ?? 0x1;
  const length = spec.declaredLength ?? payload.length;
  const head: number[] = [((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | opcode];
  const maskBit = spec.mask === false ? 0 : 0x80;
  if (length < 126) head.push(maskBit | length);
  else if (length < 65_536) head.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    head.push(maskBit | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(...big);
  }
  if (spec.mask === false) return Buffer.concat([Buffer.from(head), payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]));
  return Buffer.concat([Buffer.from(head), key, masked]);
}

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/** A raw WebSocket client: the handshake's HTTP answer, then the server's frames as they come. */
export class RawSocket {
  readonly frames: ServerFrame[] = [];
  closed = false;
  private buffer: Buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.readFrames();
      this.wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  /** Opens a socket and performs the upgrade; resolves with the HTTP status and, for 101, the open socket. */
  static async open(
    port: number,
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: string; socket: RawSocket | null }> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const all: Record<string, string> = {
      Host: `127.0.0.1:${port}`,
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      'Sec-WebSocket-Version': '13',
      ...headers,
    };
    const head = [`GET ${path} HTTP/1.1`, ...Object.entries(all).filter(([, v]) => v !== '').map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
    socket.write(Buffer.from(head, 'latin1'));
    const answer = await new Promise<{ status: number; body: string; rest: Buffer }>((resolve, reject) => {
      let bytes = Buffer.alloc(0);
      const statusOf = () => Number(/^HTTP\/1\.1 (\d{3})/.exec(bytes.toString('latin1'))?.[1] ?? 0);
      const timer = setTimeout(() => reject(new Error('no upgrade answer within 10 s')), 10_000);
      const onData = (chunk: Buffer) => {
        bytes = Buffer.concat([bytes, chunk]);
        const end = bytes.indexOf('\r\n\r\n');
        // A refusal is read to the end of the connection, for its body.
        if (end < 0 || statusOf() !== 101) return;
        clearTimeout(timer);
        socket.off('data', onData);
        resolve({ status: 101, body: '', rest: bytes.subarray(end + 4) });
      };
      socket.on('data', onData);
      socket.once('close', () => {
        clearTimeout(timer);
        const end = bytes.indexOf('\r\n\r\n');
        resolve({ status: statusOf(), body: end < 0 ? '' : bytes.subarray(end + 4).toString('utf8'), rest: Buffer.alloc(0) });
      });
      socket.on('error', () => {});
    });
    if (answer.status !== 101) {
      socket.destroy();
      return { status: answer.status, body: answer.body, socket: null };
    }
    const raw = new RawSocket(socket);
    if (answer.rest.length) {
      raw.buffer = answer.rest;
      raw.readFrames();
    }
    return { status: 101, body: '', socket: raw };
  }

  send(spec: FrameSpec): void {
    this.socket.write(encodeFrame(spec));
  }

  /** The next text reply as parsed JSON; null when the socket closed first. */
  async nextMessage(timeoutMs = 10_000): Promise<Record<string, unknown> | null> {
    const frame = await this.waitFor((f) => f.opcode === 0x1, timeoutMs);
    return frame ? (JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>) : null;
  }

  /** The close code the server sent, or null when the connection ended without a close frame. */
  async closeCode(timeoutMs = 10_000): Promise<number | null> {
    const frame = await this.waitFor((f) => f.opcode === 0x8, timeoutMs);
    return frame && frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : null;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private async waitFor(match: (frame: ServerFrame) => boolean, timeoutMs: number): Promise<ServerFrame | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index >= 0) return this.frames.splice(index, 1)[0];
      if (this.closed) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a frame from the server');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private readFrames(): void {
    for (;;) {
      if (this.buffer.length < 2) return;
      const opcode = this.buffer[0] & 0x0f;
      let length = this.buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return;
      this.frames.push({ opcode, payload: this.buffer.subarray(offset, offset + length) });
      this.buffer = this.buffer.subarray(offset + length);
    }
  }
}
