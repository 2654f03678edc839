// Runs in: main and trainer processes (plain Node). Streams a CSV file through uDSV, handing each row to a sink as it
// is parsed (nothing here holds the rows), hashing the bytes and reporting progress on the way, and turns every kind
// of unreadable input into a UserError. Also notes where records start, so chosen rows can be read back later.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { initParser, type Parser } from 'udsv';
import { UserError } from '../../../shared/util/errors';
import { FingerprintBuilder, type Fingerprint } from './fingerprint';
import { RecordShapeChecker, sniffDelimiter, type RaggedRecord } from './csv-structure';
import { csvSchema, normaliseLineBreaks, withoutLeadingBlankLines } from './csv-text';
import { formatCount } from './format';
import type { RowMark } from './raw-rows';
import { parseSingleColumn } from './single-column';
import { identityOf, notRegularFileMessage, sameFile, type FileIdentity } from './file-identity';

/** Where the parsed rows go. `row` gets a fresh array per row, which the sink may keep or drop. */
export interface RowSink {
  /** Called once, before the first row, with the number of fields per record. */
  start(columns: number): void;
  row(cells: string[]): void;
  /** A hint: about this many data rows in all (from the bytes per row so far). */
  expect?(rows: number): void;
}

export interface StreamedCsv extends Fingerprint {
  /** Header names as written (not yet trimmed or de-duplicated). */
  header: string[];
  rowCount: number;
  delimiter: string;
  crlf: boolean;
  /** Bytes that were not valid UTF-8 (decoded as U+FFFD). */
  invalidUtf8: number;
  /** Record starts at chunk boundaries, for reading rows back (see raw-rows.ts). */
  marks: RowMark[];
  /** A one-column file's values: such a file is read whole (see single-column.ts), so they are at hand. */
  singleColumn: string[] | null;
  /** The file as it was read: rows read back later must come from this very file, unchanged (see raw-rows.ts). */
  identity: FileIdentity;
}

export interface ParsedCsv extends Fingerprint {
  header: string[];
  /** Data rows in file order; each has header.length cells. */
  rows: string[][];
  delimiter: string;
  invalidUtf8: number;
}

/** Progress callbacks per file, at most: enough for a smooth bar, few enough not to flood IPC. */
const PROGRESS_STEPS = 20;
/**
 * Bytes per read. Small on purpose: decoding a chunk into a string of 256 KB or more costs ~30x more per byte here
 * than one of 64 KB (a fresh large-object allocation each time, and its pages faulted in), and the strings uDSV cuts
 * from a chunk keep the whole chunk alive.
 */
const CHUNK = 64 * 1024;
const READ_BYTES = 1024 * 1024;
/** Rows parsed before the sink is told how many to expect. */
const ROWS_FOR_ESTIMATE = 200;
/** More ragged records than this share means the file is not a table at all, rather than a table with bad rows. */
const NOT_A_TABLE_SHARE = 0.2;
/** Columns beyond this are refused at the header: each column costs its own store and profile, so 100,000 of them
 * took 38 s and 1.3 GB for a 1.3 MB file, and no one chooses inputs among that many. */
export const MAX_COLUMNS = 10_000;

/** The whole file as string rows: for small files and tests; the importer streams into a column store instead. */
export async function parseCsvFile(path: string, fileName: string, onProgress?: (fraction: number) => void): Promise<ParsedCsv> {
  const rows: string[][] = [];
  const sink: RowSink = { start: () => undefined, row: (cells) => rows.push(cells) };
  const { header, delimiter, invalidUtf8, sha256, sizeBytes } = await streamCsvFile(path, fileName, sink, onProgress);
  return { header, rows, delimiter, invalidUtf8, sha256, sizeBytes };
}

export async function streamCsvFile(
  path: string,
  fileName: string,
  sink: RowSink,
  onProgress?: (fraction: number) => void,
): Promise<StreamedCsv> {
  const size = await fileSize(path);
  if (size === 0) throw emptyFileError();
  let identity: FileIdentity | null = null;
  let file: FileHandle | null = null;
  const source: ByteSource = {
    size,
    read: async (buffer, offset, length, position) => {
      if (file === null) {
        file = await open(path, 'r');
        identity = identityOf(await file.stat({ bigint: true }));
      }
      return (await file.read(buffer, offset, length, position)).bytesRead;
    },
    finish: async () => {
      // Written to while we read it (a download or an export still running, the file replaced in place): what was
      // parsed may be half old, half new, and the hash describes neither.
      const now = identityOf(await file!.stat({ bigint: true }));
      if (!sameFile(now, identity!)) throw changedWhileReadError(fileName);
      return now;
    },
    close: async () => {
      await (file as FileHandle | null)?.close();
    },
  };
  return streamCsvSource(source, path, fileName, sink, onProgress);
}

/**
 * Where a CSV's bytes come from: a file read in place, or (browser mode) an upload handed over chunk by chunk while it
 * is written to `path`, so parsing runs while the bytes are still arriving.
 */
export interface ByteSource {
  /** The whole length in bytes, known up front (a file's size, an upload's Content-Length). */
  readonly size: number;
  /** Fills `buffer[offset, offset + length)` with the bytes at `position`; answers how many, 0 at the end. */
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<number>;
  /** After the last byte: the file's identity now that it is whole, or an error when it changed meanwhile. */
  finish(): Promise<FileIdentity>;
  close(): Promise<void>;
}

export async function streamCsvSource(
  source: ByteSource,
  path: string,
  fileName: string,
  sink: RowSink,
  onProgress?: (fraction: number) => void,
): Promise<StreamedCsv> {
  const { size } = source;
  if (size === 0) throw emptyFileError();

  const fingerprint = new FingerprintBuilder();
  const progress = throttledProgress(size, onProgress);
  let reader: StreamingReader | null = null;
  let pending = ''; // text before the first line break (only a file without one keeps any)
  let invalidUtf8 = 0;
  let firstText = true;
  let decodedBytes = 0; // bytes of the file turned into text so far

  const decode = (bytes: Buffer): string => {
    let text = bytes.toString('utf8');
    if (firstText && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    firstText = false;
    invalidUtf8 += countReplacementChars(text);
    return text;
  };
  const handle = (bytes: Buffer): void => {
    const byteStart = decodedBytes;
    let text = decode(bytes);
    decodedBytes += bytes.length;
    if (reader === null) {
      pending += text;
      if (!/[\r\n]/.test(pending)) return;
      reader = new StreamingReader(pending, fileName, sink, size);
      text = pending;
      pending = '';
    }
    reader.feed(text, byteStart, decodedBytes);
    progress(decodedBytes);
  };

  // One buffer, reused for every read: a fresh one per read costs its pages again, and reads are few and large
  // because each is a system call. The bytes after the last line feed move to the front and wait for the next read.
  let buffer: Buffer = Buffer.allocUnsafeSlow(READ_BYTES);
  let held = 0;
  let identity: FileIdentity;
  try {
    try {
      for (let position = 0; ; ) {
        if (held === buffer.length) buffer = grown(buffer); // one line longer than the buffer
        const bytesRead = await source.read(buffer, held, buffer.length - held, position);
        if (bytesRead === 0) break;
        const fresh = buffer.subarray(held, held + bytesRead);
        if (position === 0) rejectNonText(fresh, fileName);
        if (fresh.indexOf(0) !== -1) throw binaryError(fileName);
        fingerprint.update(fresh);
        position += bytesRead;
        const end = held + bytesRead;
        const handed = handLines(buffer, end, handle);
        buffer.copy(buffer, 0, handed, end);
        held = end - handed;
      }
      identity = await source.finish();
    } finally {
      await source.close();
    }
  } catch (error) {
    throw toUserError(error, path);
  }

  if (held > 0) handle(buffer.subarray(0, held));
  if (reader === null) {
    // No line break anywhere: at most a header line.
    if (pending.trim() === '') throw emptyFileError();
    rejectJsonOrMarkup(pending, fileName);
    throw headerOnlyError(fileName);
  }
  const done = (reader as StreamingReader).finish();
  progress(size, true);
  return { ...done, invalidUtf8, identity, ...fingerprint.finish() };
}

/**
 * Hands `buffer[0, end)` on in pieces of about CHUNK bytes, each cut after a line feed: no UTF-8 character or CRLF is
 * split, and uDSV gets whole rows, so it never has to glue a partial row onto the next chunk. Returns where the
 * unfinished last line starts.
 */
function handLines(buffer: Buffer, end: number, handle: (bytes: Buffer) => void): number {
  const lastLf = end === 0 ? -1 : buffer.lastIndexOf(10, end - 1);
  let start = 0;
  while (start <= lastLf) {
    let cut = lastLf;
    if (lastLf - start > CHUNK) {
      cut = buffer.lastIndexOf(10, start + CHUNK);
      if (cut < start) cut = buffer.indexOf(10, start + CHUNK); // a line longer than CHUNK: all of it
    }
    handle(buffer.subarray(start, cut + 1));
    start = cut + 1;
  }
  return start;
}

function grown(buffer: Buffer): Buffer {
  const bigger = Buffer.allocUnsafeSlow(buffer.length * 2);
  buffer.copy(bigger);
  return bigger;
}

/**
 * Feeds text to the shape checker and, while the shape is right, to uDSV's incremental parser, whose rows go to the
 * sink. The parser is built once the checker has seen the whole header record, from a schema made here: uDSV's own
 * `inferSchema` throws TypeErrors on odd input (a lone CR, an unclosed quote in the first lines), and we know the
 * shape better anyway.
 */
class StreamingReader {
  private readonly checker: RecordShapeChecker;
  private parser: Parser | null = null;
  private header: string[] = [];
  /** Text seen before the header record was complete (for a one-column file: all of it). */
  private head = '';
  private readonly crlf: boolean;
  readonly delimiter: string;
  private rows = 0;
  private readonly marks: RowMark[] = [];
  private estimated = false;

  constructor(
    firstText: string,
    private readonly fileName: string,
    private readonly sink: RowSink,
    private readonly sizeBytes: number,
  ) {
    if (firstText.trim() === '') throw emptyFileError();
    rejectJsonOrMarkup(firstText, fileName);
    // The first line break sets the file's kind: CRLF, or LF (old Mac files' bare CRs are read as LFs).
    const firstLf = firstText.indexOf('\n');
    const firstCr = firstText.indexOf('\r');
    this.crlf = firstLf > 0 && firstCr === firstLf - 1;
    this.delimiter = sniffDelimiter(normaliseLineBreaks(firstText, this.crlf));
    this.checker = new RecordShapeChecker(this.delimiter, this.crlf);
  }

  /** Parses `rawText`, the file's bytes [byteStart, byteEnd) decoded (cut after a line feed). */
  feed(rawText: string, byteStart: number, byteEnd: number): void {
    let text = normaliseLineBreaks(rawText, this.crlf);
    if (text === '') return;
    // Only a chunk that starts outside a quoted value starts a record: a row can be read back from there.
    const atRecordStart = this.checker.atRecordStart;
    if (atRecordStart && this.parser !== null && this.checker.raggedCount === 0 && this.feedPlain(text, byteStart, byteEnd)) return;
    this.checker.feed(text);
    const fields = this.checker.headerFields;
    if (fields !== null && fields > MAX_COLUMNS) {
      throw new UserError(
        `${this.fileName} has ${formatCount(fields)} columns; Seqlab reads tables of at most ${formatCount(MAX_COLUMNS)}: ` +
          'keep the columns you need (a spreadsheet or `cut -d, -f` does it) and import that file.',
      );
    }
    // Once a record is misshapen the import fails; keep counting bad records for the message, stop parsing.
    if (this.checker.raggedCount > 0) return;
    if (this.parser === null) {
      this.head += text;
      // One column: uDSV cannot split it (see single-column.ts); keep the text for `finish`.
      if (this.checker.headerFields === null || this.checker.headerFields === 1) return;
      text = this.startParser(this.checker.headerFields);
      this.marks.push({ byteStart: 0, firstRow: 0 });
    } else if (atRecordStart && this.rows > this.marks[this.marks.length - 1].firstRow) {
      this.marks.push({ byteStart, firstRow: this.rows });
    }
    this.guard(() => this.parser!.chunk<string[]>(text, this.parser!.stringArrs, this.takeRow));
    this.estimate(byteEnd);
  }

  /**
   * The common case, cheaper: a chunk of whole lines without a quote. uDSV splits such text at every delimiter and
   * line break, so a line with too few fields swallows the next line (fewer rows than lines) and one with too many
   * keeps the extra delimiter in its last value; neither happening proves every line has the header's field count,
   * without the checker scanning each field again. Otherwise the checker reads the chunk and says where it is wrong.
   * False when the chunk is not of this kind (nothing done).
   */
  private feedPlain(text: string, byteStart: number, byteEnd: number): boolean {
    if (text.charCodeAt(text.length - 1) !== 10 || text.indexOf('"') !== -1) return false;
    if (this.rows > this.marks[this.marks.length - 1].firstRow) this.marks.push({ byteStart, firstRow: this.rows });
    const before = this.rows;
    this.longRows = 0;
    this.plainChunk = true;
    this.guard(() => this.parser!.chunk<string[]>(text, this.parser!.stringArrs, this.takeRow));
    this.plainChunk = false;
    const lines = countLines(text, this.crlf);
    if (this.rows - before === lines.records && this.longRows === 0) this.checker.skip(lines.lineFeeds, lines.records);
    else this.checker.feed(text);
    this.estimate(byteEnd);
    return true;
  }

  /** Set while `feedPlain` parses: rows whose last value holds the delimiter are then counted as too long. */
  private plainChunk = false;
  private longRows = 0;

  private estimate(byteEnd: number): void {
    if (!this.estimated && this.rows >= ROWS_FOR_ESTIMATE) {
      this.estimated = true;
      this.sink.expect?.(Math.ceil((this.rows * this.sizeBytes) / byteEnd));
    }
  }

  finish(): Omit<StreamedCsv, 'invalidUtf8' | 'sha256' | 'sizeBytes' | 'identity'> {
    this.checker.finish();
    const { checker, fileName, delimiter, crlf, marks } = this;
    if (checker.unclosedQuoteLine !== null) {
      throw new UserError(
        `Line ${formatCount(checker.unclosedQuoteLine)} of ${fileName} opens a quoted value that never closes: ` +
          'add the closing double quote (or remove the stray one) and import again.',
      );
    }
    if (checker.raggedCount > 0) throw raggedError(checker, fileName);
    if (checker.dataRecords === 0) throw headerOnlyError(fileName);
    if (checker.headerFields === 1) {
      const [name, ...values] = parseSingleColumn(this.head, crlf);
      this.sink.start(1);
      for (const value of values) this.sink.row([value]);
      return { header: [name], rowCount: values.length, delimiter, crlf, marks: [{ byteStart: 0, firstRow: 0 }], singleColumn: values };
    }
    if (this.parser === null) throw headerOnlyError(fileName);
    const parser = this.parser;
    this.guard(() => parser.end<string[]>());
    return { header: this.header, rowCount: this.rows, delimiter, crlf, marks, singleColumn: null };
  }

  /** uDSV's row callback (it keeps the first one it is given): the row goes to the sink, not into uDSV's array. */
  private readonly takeRow = (row: string[]): void => {
    if (this.plainChunk && row[row.length - 1].indexOf(this.delimiter) !== -1) this.longRows += 1;
    this.rows += 1;
    this.sink.row(row);
  };

  /** Reads the header names and builds the data parser; returns the text (from the start) to parse. */
  private startParser(fields: number): string {
    const text = withoutLeadingBlankLines(this.head);
    this.head = '';
    const headerParser = initParser(csvSchema(this.delimiter, this.crlf, fields, 0));
    this.guard(() =>
      headerParser.stringArrs<string[]>(text, (row) => {
        this.header = row.slice();
        return false; // the header row is all we want from this parser
      }),
    );
    this.parser = initParser(csvSchema(this.delimiter, this.crlf, fields, 1));
    this.sink.start(fields);
    return text;
  }

  /** uDSV trusts its input; should it still throw, say so in the user's terms rather than as an internal error. */
  private guard<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      throw new UserError(
        `${this.fileName} could not be read as CSV (${(error as Error).message}): ` +
          'check that it is a plain-text table with one header row, values separated by commas.',
      );
    }
  }
}

/** Line feeds in `text`, and the lines that hold anything (what the checker and uDSV count as records). */
function countLines(text: string, crlf: boolean): { lineFeeds: number; records: number } {
  let lineFeeds = 0;
  let records = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    lineFeeds += 1;
    const end = crlf && i > lineStart && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
    if (end > lineStart) records += 1;
    lineStart = i + 1;
  }
  return { lineFeeds, records };
}

function raggedError(checker: RecordShapeChecker, fileName: string): UserError {
  const expected = checker.headerFields ?? 0;
  const examples = checker.raggedExamples;
  const describe = (r: RaggedRecord) => `line ${formatCount(r.line)} has ${formatCount(r.fields)}`;
  if (checker.raggedCount > NOT_A_TABLE_SHARE * checker.dataRecords) {
    return new UserError(
      `${fileName} does not look like a CSV table: its lines do not split into the same number of fields ` +
        `(the header has ${formatCount(expected)}; ${examples.slice(0, 3).map(describe).join(', ')}). ` +
        'Choose a CSV file with one header row and one record per line, values separated by commas.',
    );
  }
  const first = examples[0];
  const lines = examples.map((r) => formatCount(r.line));
  const more = checker.raggedCount > examples.length ? ', ...' : '';
  const all = checker.raggedCount === 1 ? '' : ` (lines ${lines.join(', ')}${more}: ${formatCount(checker.raggedCount)} rows in all)`;
  return new UserError(
    `Line ${formatCount(first.line)} of ${fileName} has ${formatCount(first.fields)} fields, but the header has ` +
      `${formatCount(expected)}${all}. Fix the delimiters or quoting on ${checker.raggedCount === 1 ? 'that line' : 'those lines'} ` +
      '(a value that contains the delimiter must be in double quotes) and import again.',
  );
}

async function fileSize(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw toUserError(error, path);
  }
  if (info.isDirectory()) throw new UserError(`${path} is a folder, not a file: choose a CSV file.`);
  // Opening a FIFO waits for a writer that may never come; a device or /dev/stdin has no end.
  if (!info.isFile()) throw new UserError(notRegularFileMessage(path));
  return info.size;
}

function rejectNonText(first: Buffer, fileName: string): void {
  if (first[0] === 0x50 && first[1] === 0x4b && first[2] === 0x03 && first[3] === 0x04) {
    throw new UserError(
      `${fileName} is an Excel workbook or another zip archive, not a CSV file: ` +
        'save the sheet as CSV (UTF-8) and import that file.',
    );
  }
  if ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff) || looksLikeUtf16(first)) {
    throw new UserError(`${fileName} is UTF-16 text: save it as a UTF-8 CSV file and import that.`);
  }
}

/** UTF-16 without a byte order mark: ASCII text has a zero byte beside every character, always on the same side. */
function looksLikeUtf16(first: Buffer): boolean {
  const n = Math.min(first.length, 1024) & ~1;
  if (n < 8) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (first[i] === 0) evenZeros += 1;
    if (first[i + 1] === 0) oddZeros += 1;
  }
  const pairs = n / 2;
  return (oddZeros >= 0.9 * pairs && evenZeros === 0) || (evenZeros >= 0.9 * pairs && oddZeros === 0);
}

function changedWhileReadError(fileName: string): UserError {
  return new UserError(`${fileName} changed while it was being read: import it again once it is saved completely.`);
}

function rejectJsonOrMarkup(text: string, fileName: string): void {
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    throw new UserError(`${fileName} looks like JSON, not CSV: export the data as a CSV file with a header row.`);
  }
  if (first === '<') {
    throw new UserError(`${fileName} looks like HTML or XML, not CSV: export the data as a CSV file with a header row.`);
  }
}

function binaryError(fileName: string): UserError {
  return new UserError(
    `${fileName} is not a text file (it contains binary data): choose a CSV file, plain text with values separated by commas.`,
  );
}

function emptyFileError(): UserError {
  return new UserError('The file is empty: choose a CSV file with a header row and at least one data row.');
}

function headerOnlyError(fileName: string): UserError {
  return new UserError(`${fileName} has a header row but no data rows: add at least one row of data below the header.`);
}

function toUserError(error: unknown, path: string): unknown {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return new UserError(`There is no file at ${path}: choose an existing CSV file.`);
  if (code === 'EISDIR') return new UserError(`${path} is a folder, not a file: choose a CSV file.`);
  if (code === 'EACCES' || code === 'EPERM') {
    return new UserError(`${path} cannot be read (permission denied): allow reading it or copy it somewhere readable.`);
  }
  if (typeof code === 'string') {
    return new UserError(`${path} could not be read (${code}): check that the file is still there and readable.`);
  }
  return error;
}

function countReplacementChars(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) count += 1;
  return count;
}

/** Calls back with the bytes-read fraction, only when it moved by 1/PROGRESS_STEPS (and always at the end). */
function throttledProgress(size: number, onProgress?: (fraction: number) => void) {
  let last = 0;
  return (bytesRead: number, final = false) => {
    if (!onProgress) return;
    const fraction = Math.min(1, bytesRead / size);
    if (final ? last < 1 : fraction - last >= 1 / PROGRESS_STEPS && fraction < 1) {
      last = fraction;
      onProgress(fraction);
    }
  };
}
