// Runs in: main process and the import worker (plain Node). An upload parsed while it arrives: the main side hands
// each chunk of the request body to the import worker as it comes (ByteFeed) while writing it to the uploads folder;
// the worker reads them as a ByteSource. Parsing then overlaps the upload instead of waiting for the whole file to
// land and be read back (for the whole Szeged file that serial wait was most of the import).
import { stat } from 'node:fs/promises';
import type { MessagePort } from 'node:worker_threads';
import { UserError } from '../../../shared/util/errors';
import type { ByteSource } from './csv-parse';
import { identityOf, type FileIdentity } from './file-identity';

export type FeedMessage = { type: 'chunk'; bytes: Uint8Array } | { type: 'end' } | { type: 'abort'; message: string };

/** Main side: the chunks of one upload, held until a reader attaches, then passed on as they come. */
export class ByteFeed {
  private held: FeedMessage[] = [];
  private send: ((message: FeedMessage) => void) | null = null;

  /** `size` is the upload's declared length (Content-Length): the parser's progress and end check rest on it. */
  constructor(readonly size: number) {}

  push(bytes: Uint8Array): void {
    // A copy of just these bytes: a Buffer may be a view into a larger pool, which posting would clone whole.
    this.post({ type: 'chunk', bytes: new Uint8Array(bytes) });
  }

  /** Every byte is in and the file at the upload's path is whole and closed. */
  end(): void {
    this.post({ type: 'end' });
  }

  abort(message: string): void {
    this.post({ type: 'abort', message });
  }

  /** Starts passing the messages to `send` (the worker's postMessage), the held ones first. */
  attach(send: (message: FeedMessage) => void): void {
    this.send = send;
    for (const message of this.held) send(message);
    this.held = [];
  }

  private post(message: FeedMessage): void {
    if (this.send) this.send(message);
    else this.held.push(message);
  }
}

/** Worker side: the feed's chunks as a ByteSource over the upload being written to `path`. */
export class FedBytes implements ByteSource {
  private readonly queue: Uint8Array[] = [];
  private ended = false;
  private failure: string | null = null;
  private received = 0;
  private wake: (() => void) | null = null;
  private readonly listener = (message: FeedMessage) => {
    if (message.type === 'chunk') {
      this.queue.push(message.bytes);
      this.received += message.bytes.length;
    } else if (message.type === 'end') this.ended = true;
    else this.failure = message.message;
    this.wake?.();
    this.wake = null;
  };

  constructor(
    private readonly port: MessagePort,
    private readonly path: string,
    readonly size: number,
  ) {
    port.on('message', this.listener);
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<number> {
    while (this.queue.length === 0 && !this.ended && this.failure === null) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.failure !== null) throw new UserError(this.failure);
    if (this.queue.length === 0) return 0;
    let copied = 0;
    while (copied < length && this.queue.length > 0) {
      const head = this.queue[0];
      const take = Math.min(head.length, length - copied);
      buffer.set(head.subarray(0, take), offset + copied);
      copied += take;
      if (take === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(take);
    }
    return copied;
  }

  /** The upload's file once whole: rows are read back from it later, so it must hold exactly the bytes parsed. */
  async finish(): Promise<FileIdentity> {
    const stats = await stat(this.path, { bigint: true });
    if (this.received !== this.size || Number(stats.size) !== this.size) {
      throw new UserError('The upload was interrupted before the whole file arrived: drop the file again.');
    }
    return identityOf(stats);
  }

  async close(): Promise<void> {
    this.port.off('message', this.listener);
  }
}
