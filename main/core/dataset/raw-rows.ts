// Runs in: main and trainer processes (plain Node). The cells of chosen rows exactly as written, read again from the
// file: the column store keeps values, not text, so the few places that show or compare text (the preview, a gap's
// times, rows sharing a timestamp, `strings()` of a date column) read those rows back instead of holding every cell.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { identityOf, sameFile, type FileIdentity } from './file-identity';
import { initParser } from 'udsv';
import { UserError } from '../../../shared/util/errors';
import { csvSchema, normaliseLineBreaks, withoutLeadingBlankLines } from './csv-text';

/** A place where a record starts in the file: its byte offset and the index of that record among the data rows. */
export interface RowMark {
  byteStart: number;
  firstRow: number;
}

export interface RawRowsSource {
  path: string;
  fileName: string;
  sizeBytes: number;
  delimiter: string;
  crlf: boolean;
  columns: number;
  rowCount: number;
  /** Ascending; the first is { 0, 0 } (the header's start). */
  marks: RowMark[];
  /** A one-column file's values (uDSV cannot split such a file; it is read whole anyway). */
  singleColumn: string[] | null;
  /** The file as it was imported: rows are read back only from that very file, unchanged since. */
  identity?: FileIdentity;
}

/** Segments of about this many bytes when a whole column is read back. */
const SCAN_BYTES = 1 << 20;
/** Stretches (the rows between two marks, ~64 KB of text) kept for `row`: rows asked for one by one are often near. */
const CACHED_STRETCHES = 8;

export class RawRows {
  private readonly stretches = new Map<number, string[][]>();

  constructor(private readonly source: RawRowsSource) {}

  /** The cells of one row, as written; the stretch it was read with is kept for its neighbours. */
  row(row: number): string[] {
    const { singleColumn, marks } = this.source;
    if (singleColumn !== null) return [singleColumn[row]];
    const from = this.markAtOrBefore(row);
    let stretch = this.stretches.get(from);
    if (stretch === undefined) {
      const rows: string[][] = [];
      this.readSegment(from, from + 1, (_, cells) => rows.push(cells));
      stretch = rows;
      if (this.stretches.size === CACHED_STRETCHES) this.stretches.delete(this.stretches.keys().next().value!);
    } else {
      this.stretches.delete(from); // re-inserted below: most recently used last
    }
    this.stretches.set(from, stretch);
    return stretch[row - marks[from].firstRow];
  }

  /** The cells of each row in `wanted` (file row indices), as written. */
  rows(wanted: Iterable<number>): Map<number, string[]> {
    const out = new Map<number, string[]>();
    const { singleColumn, marks } = this.source;
    const sorted = [...new Set(wanted)].sort((a, b) => a - b);
    if (singleColumn !== null) {
      for (const row of sorted) out.set(row, [singleColumn[row]]);
      return out;
    }
    for (let k = 0; k < sorted.length; ) {
      const from = this.markAtOrBefore(sorted[k]);
      let to = from + 1;
      const need = new Set<number>();
      while (k < sorted.length) {
        if (to < marks.length && sorted[k] >= marks[to].firstRow) {
          // A wanted row in the very next stretch: read on rather than start a new read.
          if (to + 1 >= marks.length || sorted[k] < marks[to + 1].firstRow) to += 1;
          else break;
          continue;
        }
        need.add(sorted[k]);
        k += 1;
      }
      this.readSegment(from, to, (row, cells) => {
        if (need.has(row)) out.set(row, cells);
      });
    }
    return out;
  }

  /** Every cell of each column in `columns`, as written, in file order: one pass over the file for all of them. */
  columns(columns: number[]): string[][] {
    const { singleColumn, marks, rowCount } = this.source;
    if (singleColumn !== null) return columns.map(() => singleColumn.slice());
    const out: string[][] = columns.map(() => new Array<string>(rowCount));
    for (let from = 0; from < marks.length; ) {
      let to = from + 1;
      while (to < marks.length && marks[to].byteStart - marks[from].byteStart < SCAN_BYTES) to += 1;
      this.readSegment(from, to, (row, cells) => {
        for (let k = 0; k < columns.length; k++) out[k][row] = cells[columns[k]];
      });
      from = to;
    }
    return out;
  }

  private markAtOrBefore(row: number): number {
    const { marks } = this.source;
    let lo = 0;
    let hi = marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (marks[mid].firstRow <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Parses the records between marks `from` and `to` (exclusive; past the last mark: the end of the file). */
  private readSegment(from: number, to: number, onRow: (row: number, cells: string[]) => void): void {
    const { path, fileName, sizeBytes, marks, delimiter, crlf, columns } = this.source;
    const start = marks[from].byteStart;
    const end = to < marks.length ? marks[to].byteStart : sizeBytes;
    const bytes = Buffer.allocUnsafe(end - start);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UserError(`${fileName} can no longer be read (${code ?? (error as Error).message}): import it again.`);
    }
    try {
      const now = fstatSync(fd, { bigint: true });
      // Same size is not enough: a file replaced by another export of the same length would be read as rows of this one.
      if (Number(now.size) !== sizeBytes || (this.source.identity && !sameFile(identityOf(now), this.source.identity))) {
        throw changedError(fileName);
      }
      let read = 0;
      while (read < bytes.length) {
        const n = readSync(fd, bytes, read, bytes.length - read, start + read);
        if (n === 0) throw changedError(fileName);
        read += n;
      }
    } finally {
      closeSync(fd);
    }
    let text = bytes.toString('utf8');
    if (start === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    text = normaliseLineBreaks(text, crlf);
    if (start === 0) text = withoutLeadingBlankLines(text);
    let row = marks[from].firstRow;
    initParser(csvSchema(delimiter, crlf, columns, start === 0 ? 1 : 0)).stringArrs<string[]>(text, (cells) => {
      onRow(row, cells);
      row += 1;
      return true;
    });
  }
}

function changedError(fileName: string): UserError {
  return new UserError(`${fileName} changed on disk since it was imported: import it again.`);
}
