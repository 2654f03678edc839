// Runs in: main and trainer processes (plain Node). Streams a CSV file through uDSV into string rows, hashing the
// bytes and reporting progress on the way, and turns every kind of unreadable input into a UserError.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { initParser, type Parser, type Schema } from 'udsv';
import { UserError } from '../../../shared/errors';
import { FingerprintBuilder, type Fingerprint } from './fingerprint';
import { RecordShapeChecker, sniffDelimiter, type RaggedRecord } from './csv-structure';
import { formatCount } from './format';
import { parseSingleColumn } from './single-column';

export interface ParsedCsv extends Fingerprint {
  /** Header names as written (not yet trimmed or de-duplicated). */
  header: string[];
  /** Data rows in file order; each has header.length cells. */
  rows: string[][];
  delimiter: string;
  /** Bytes that were not valid UTF-8 (decoded as U+FFFD). */
  invalidUtf8: number;
}

/** Progress callbacks per file, at most: enough for a smooth bar, few enough not to flood IPC. */
const PROGRESS_STEPS = 20;
const MIN_CHUNK = 64 * 1024;
const MAX_CHUNK = 4 * 1024 * 1024;
/** More ragged records than this share means the file is not a table at all, rather than a table with bad rows. */
const NOT_A_TABLE_SHARE = 0.2;

export async function parseCsvFile(
  path: string,
  fileName: string,
  onProgress?: (fraction: number) => void,
): Promise<ParsedCsv> {
  const size = await fileSize(path);
  if (size === 0) throw emptyFileError();

  const fingerprint = new FingerprintBuilder();
  const progress = throttledProgress(size, onProgress);
  let reader: StreamingReader | null = null;
  let pending = ''; // text before the first line break (only a file without one keeps any)
  let carry: Buffer | null = null; // bytes after the last LF of the data so far
  let invalidUtf8 = 0;
  let firstText = true;

  const decode = (bytes: Buffer): string => {
    let text = bytes.toString('utf8');
    if (firstText && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    firstText = false;
    invalidUtf8 += countReplacementChars(text);
    return text;
  };
  const handle = (text: string): void => {
    if (reader === null) {
      pending += text;
      if (!/[\r\n]/.test(pending)) return;
      reader = new StreamingReader(pending, fileName);
      text = pending;
      pending = '';
    }
    reader.feed(text);
  };

  const highWaterMark = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(size / PROGRESS_STEPS)));
  const stream = createReadStream(path, { highWaterMark });
  try {
    for await (const buffer of stream as AsyncIterable<Buffer>) {
      if (fingerprint.sizeBytes === 0) rejectNonText(buffer, fileName);
      if (buffer.indexOf(0) !== -1) throw binaryError(fileName);
      fingerprint.update(buffer);
      // Cut each chunk after its last LF, in bytes: no UTF-8 character or CRLF is split, and uDSV gets whole rows,
      // so it never has to glue a partial row onto the next chunk (a string copy per chunk).
      const data: Buffer = carry === null ? buffer : Buffer.concat([carry, buffer]);
      const cut = data.lastIndexOf(10);
      if (cut === -1) {
        carry = data;
        continue;
      }
      carry = cut + 1 < data.length ? data.subarray(cut + 1) : null;
      handle(decode(data.subarray(0, cut + 1)));
      progress(fingerprint.sizeBytes);
    }
  } catch (error) {
    throw toUserError(error, path);
  } finally {
    stream.destroy();
  }

  if (carry !== null) handle(decode(carry));
  if (reader === null) {
    // No line break anywhere: at most a header line.
    if (pending.trim() === '') throw emptyFileError();
    rejectJsonOrMarkup(pending, fileName);
    throw headerOnlyError(fileName);
  }
  const { header, rows, delimiter } = (reader as StreamingReader).finish();
  progress(size, true);
  return { header, rows, delimiter, invalidUtf8, ...fingerprint.finish() };
}

/**
 * Feeds text to the shape checker and, while the shape is right, to uDSV's incremental parser. The parser is built
 * once the checker has seen the whole header record, from a schema made here: uDSV's own `inferSchema` throws
 * TypeErrors on odd input (a lone CR, an unclosed quote in the first lines), and we know the shape better anyway.
 */
class StreamingReader {
  private readonly checker: RecordShapeChecker;
  private parser: Parser | null = null;
  private header: string[] = [];
  /** Text seen before the header record was complete (for a one-column file: all of it). */
  private head = '';
  private readonly crlf: boolean;
  readonly delimiter: string;

  constructor(
    firstText: string,
    private readonly fileName: string,
  ) {
    if (firstText.trim() === '') throw emptyFileError();
    rejectJsonOrMarkup(firstText, fileName);
    // The first line break sets the file's kind: CRLF, or LF (old Mac files' bare CRs are read as LFs).
    const firstLf = firstText.indexOf('\n');
    const firstCr = firstText.indexOf('\r');
    this.crlf = firstLf > 0 && firstCr === firstLf - 1;
    this.delimiter = sniffDelimiter(this.normalise(firstText));
    this.checker = new RecordShapeChecker(this.delimiter, this.crlf);
  }

  feed(rawText: string): void {
    let text = this.normalise(rawText);
    if (text === '') return;
    this.checker.feed(text);
    // Once a record is misshapen the import fails; keep counting bad records for the message, stop parsing.
    if (this.checker.raggedCount > 0) return;
    if (this.parser === null) {
      this.head += text;
      // One column: uDSV cannot split it (see single-column.ts); keep the text for `finish`.
      if (this.checker.headerFields === null || this.checker.headerFields === 1) return;
      text = this.startParser(this.checker.headerFields);
    }
    this.guard(() => this.parser!.chunk<string[]>(text, this.parser!.stringArrs, this.keepRow));
  }

  finish(): { header: string[]; rows: string[][]; delimiter: string } {
    this.checker.finish();
    const { checker, fileName } = this;
    if (checker.unclosedQuoteLine !== null) {
      throw new UserError(
        `Line ${formatCount(checker.unclosedQuoteLine)} of ${fileName} opens a quoted value that never closes: ` +
          'add the closing double quote (or remove the stray one) and import again.',
      );
    }
    if (checker.raggedCount > 0) throw raggedError(checker, fileName);
    if (checker.dataRecords === 0) throw headerOnlyError(fileName);
    if (checker.headerFields === 1) {
      const [name, ...values] = parseSingleColumn(this.head, this.crlf);
      return { header: [name], rows: values.map((value) => [value]), delimiter: this.delimiter };
    }
    if (this.parser === null) throw headerOnlyError(fileName);
    const parser = this.parser;
    const rows = this.guard(() => parser.end<string[]>());
    return { header: this.header, rows, delimiter: this.delimiter };
  }

  private previousRow: string[] | null = null;

  /**
   * Series repeat themselves from row to row (a day's summary over 24 hours, a category, a sensor's steady value): a
   * cell equal to the one above shares that string, so the copy is garbage at once. On a big file this is the
   * difference between holding every cell and holding every change.
   */
  private readonly keepRow = (row: string[], rows: string[][], append: (rows: string[][], row: string[]) => void): void => {
    const previous = this.previousRow;
    if (previous !== null) {
      for (let c = 0; c < row.length; c++) if (row[c] === previous[c]) row[c] = previous[c];
    }
    this.previousRow = row;
    append(rows, row);
  };

  /** Reads the header names and builds the data parser; returns the text (from the start) to parse. */
  private startParser(fields: number): string {
    // uDSV skips blank lines, except in a one-column file, where a blank first line would pass for the header.
    const text = this.head.replace(/^[\r\n]+/, '');
    this.head = '';
    const rowDelimiter = this.crlf ? '\r\n' : '\n';
    const headerParser = initParser(csvSchema(this.delimiter, rowDelimiter, fields, 0));
    this.guard(() =>
      headerParser.stringArrs<string[]>(text, (row) => {
        this.header = row.slice();
        return false; // the header row is all we want from this parser
      }),
    );
    this.parser = initParser(csvSchema(this.delimiter, rowDelimiter, fields, 1));
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

  /**
   * Makes every line break the file's kind before the checker or uDSV sees the text, so both split it alike: uDSV
   * takes a lone CR at the start of a CRLF row for a row end (and loops forever on what follows), and keeps the CR
   * of a CRLF line in an LF file as part of the last value. Counting is cheap; rewriting happens only when needed.
   */
  private normalise(text: string): string {
    if (!this.crlf) return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
    return onlyCrlf(text) ? text : text.replace(/\r\n|\r|\n/g, '\r\n');
  }
}

/**
 * A uDSV schema of `columns` string columns. `encl`/`esc` null lets uDSV check each chunk for quotes (it has a faster
 * path without); `skip` (header rows to drop) is read by initParser though its d.ts does not list it.
 */
function csvSchema(delimiter: string, rowDelimiter: string, columns: number, skip: number): Schema {
  const cols = Array.from({ length: columns }, (_, i) => ({
    name: String(i),
    type: 's' as const,
    repl: { empty: null, null: undefined, NaN: undefined },
  }));
  return { col: delimiter, row: rowDelimiter, encl: null, esc: null, trim: false, cols, skip } as unknown as Schema;
}

/** True when every CR and every LF in `text` belongs to a CRLF pair. */
function onlyCrlf(text: string): boolean {
  let pairs = 0;
  for (let i = text.indexOf('\r\n'); i !== -1; i = text.indexOf('\r\n', i + 2)) pairs += 1;
  let crs = 0;
  for (let i = text.indexOf('\r'); i !== -1 && crs <= pairs; i = text.indexOf('\r', i + 1)) crs += 1;
  if (crs !== pairs) return false;
  let lfs = 0;
  for (let i = text.indexOf('\n'); i !== -1 && lfs <= pairs; i = text.indexOf('\n', i + 1)) lfs += 1;
  return lfs === pairs;
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
  return info.size;
}

function rejectNonText(first: Buffer, fileName: string): void {
  if (first[0] === 0x50 && first[1] === 0x4b && first[2] === 0x03 && first[3] === 0x04) {
    throw new UserError(
      `${fileName} is an Excel workbook or another zip archive, not a CSV file: ` +
        'save the sheet as CSV (UTF-8) and import that file.',
    );
  }
  if ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff)) {
    throw new UserError(`${fileName} is UTF-16 text: save it as a UTF-8 CSV file and import that.`);
  }
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
