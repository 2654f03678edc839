// Runs in: main and trainer processes (plain Node). Which file was read: its device, inode, size and modification
// time. A file written to while it is read, or replaced after its import (another export of the same length), is told
// apart from the one whose rows and hash were taken.

/** Opening a FIFO waits for a writer that may never come; a device or /dev/stdin has no end. */
export function notRegularFileMessage(path: string): string {
  return `${path} is not a regular file (a named pipe, a device or a socket): choose a CSV file saved on disk.`;
}

export interface FileIdentity {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

/** From `stat(..., { bigint: true })`: nanosecond times, so two writes within a millisecond still differ. */
export function identityOf(stats: { dev: bigint; ino: bigint; size: bigint; mtimeNs: bigint }): FileIdentity {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeNs: stats.mtimeNs };
}

export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}
