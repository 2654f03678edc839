// Runs in: main and trainer processes (plain Node). Content hash and size of a file, fed chunk by chunk while it streams.
import { createHash } from 'node:crypto';

export interface Fingerprint {
  sha256: string;
  sizeBytes: number;
}

/** Hashes the bytes as they stream past, so the file is read once for both parsing and its id. */
export class FingerprintBuilder {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.bytes += chunk.byteLength;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  finish(): Fingerprint {
    return { sha256: this.hash.digest('hex'), sizeBytes: this.bytes };
  }
}
