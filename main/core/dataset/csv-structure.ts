// Runs in: main and trainer processes (plain Node). The shape of a CSV text: which delimiter it uses, and whether
// every record has as many fields as the header.
//
// uDSV is fast because it trusts its input: a row with a missing field borrows the next line's first value, and a
// row with an extra field glues it onto its last value, without a word. So the loader runs this checker over the
// same chunks first; it counts fields per record the way uDSV splits them (a quote opens a quoted value only at the
// start of a field, "" escapes a quote) and remembers the line numbers of records that do not fit.

const QUOTE = 34;
const CR = 13;
const CANDIDATE_DELIMITERS = [',', '\t', ';', '|'] as const;
const SAMPLE_RECORDS = 50;

export interface RaggedRecord {
  /** 1-based line in the file where the record starts. */
  line: number;
  fields: number;
}

/**
 * Picks the delimiter from the start of the file: the candidate found in the header whose count per record is the
 * same in the most sample records (ties: more fields, then comma, tab, semicolon, pipe). None found: one column.
 */
export function sniffDelimiter(sample: string): string {
  const records = sampleRecords(sample);
  const header = records[0];
  if (header === undefined) return ',';
  let best = ',';
  let bestScore = -1;
  let bestCount = 0;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const count = header.get(delimiter) ?? 0;
    if (count === 0) continue;
    const data = records.slice(1);
    const agreeing = data.filter((record) => (record.get(delimiter) ?? 0) === count).length;
    const score = data.length === 0 ? 1 : agreeing / data.length;
    if (score > bestScore || (score === bestScore && count > bestCount)) {
      best = delimiter;
      bestScore = score;
      bestCount = count;
    }
  }
  return best;
}

/** Delimiter counts (outside quotes) of the first complete records of `text`. */
function sampleRecords(text: string): Map<string, number>[] {
  const records: Map<string, number>[] = [];
  let counts = new Map<string, number>();
  let inQuote = false;
  let fieldStart = true;
  let content = false;
  for (let i = 0; i < text.length && records.length < SAMPLE_RECORDS; i++) {
    const c = text[i];
    if (inQuote) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else inQuote = false;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      inQuote = true;
      fieldStart = false;
      content = true;
    } else if (c === '\n') {
      if (content) records.push(counts);
      counts = new Map();
      fieldStart = true;
      content = false;
    } else if ((CANDIDATE_DELIMITERS as readonly string[]).includes(c)) {
      counts.set(c, (counts.get(c) ?? 0) + 1);
      fieldStart = true;
      content = true;
    } else if (c !== '\r') {
      fieldStart = false;
      content = true;
    }
  }
  return records;
}

/**
 * Streams over the text chunk by chunk and checks each record's field count against the header's. Line breaks must
 * all be LF, or all CRLF (the loader normalises them); chunks may be cut anywhere except inside a CRLF.
 */
export class RecordShapeChecker {
  /** Fields in the header record; null until it has been read. */
  headerFields: number | null = null;
  /** Data records seen (empty lines are skipped, as uDSV skips them). */
  dataRecords = 0;
  raggedCount = 0;
  readonly raggedExamples: RaggedRecord[] = [];
  /** Line where a quoted value opened and never closed, once `finish` has run. */
  unclosedQuoteLine: number | null = null;

  private line = 1;
  private recordLine = 1;
  private fields = 1;
  private hasContent = false;
  private fieldStart = true;
  private inQuote = false;
  private quoteLine = 0;
  /** The chunk ended on a quote inside a quoted value: the next chunk's first char says whether it was "". */
  private pendingQuote = false;

  constructor(
    private readonly delimiter: string,
    /** Whether records end in CRLF (else LF): a CR before the LF is then not content. */
    private readonly crlf: boolean,
    private readonly maxExamples = 5,
  ) {}

  /** Whether the text so far ends exactly between records (not inside a quoted value or a record). */
  get atRecordStart(): boolean {
    return !this.inQuote && !this.pendingQuote && this.fields === 1 && !this.hasContent;
  }

  /** Counts a chunk the caller proved well formed (whole lines, no quotes, right field counts) without reading it. */
  skip(lineFeeds: number, records: number): void {
    this.line += lineFeeds;
    this.dataRecords += records;
    this.recordLine = this.line;
  }

  /** Checks one chunk. */
  feed(s: string): void {
    const n = s.length;
    let pos = 0;
    // Next LF / delimiter at or after pos; cached so a line without delimiters is not rescanned per field.
    let nextLf = -1;
    let nextDelimiter = -1;
    if (this.pendingQuote) {
      this.pendingQuote = false;
      if (n > 0 && s.charCodeAt(0) === QUOTE) pos = 1;
      else this.closeQuote();
    }
    while (pos < n) {
      if (this.inQuote) {
        const q = s.indexOf('"', pos);
        const end = q === -1 ? n : q;
        this.line += countLineFeeds(s, pos, end);
        if (q === -1) return;
        if (q + 1 === n) {
          this.pendingQuote = true;
          return;
        }
        if (s.charCodeAt(q + 1) === QUOTE) {
          pos = q + 2;
        } else {
          this.closeQuote();
          pos = q + 1;
        }
        continue;
      }
      if (this.fieldStart && s.charCodeAt(pos) === QUOTE) {
        this.inQuote = true;
        this.quoteLine = this.line;
        this.fieldStart = false;
        this.hasContent = true;
        pos += 1;
        continue;
      }
      if (nextLf < pos) {
        nextLf = s.indexOf('\n', pos);
        if (nextLf === -1) nextLf = n;
      }
      if (nextDelimiter < pos) {
        nextDelimiter = s.indexOf(this.delimiter, pos);
        if (nextDelimiter === -1) nextDelimiter = n;
      }
      if (nextDelimiter < nextLf) {
        this.fields += 1;
        this.hasContent = true;
        this.fieldStart = true;
        pos = nextDelimiter + 1;
        continue;
      }
      if (nextLf === n) {
        this.hasContent = true;
        this.fieldStart = false;
        return;
      }
      const cr = this.crlf && nextLf > 0 && s.charCodeAt(nextLf - 1) === CR;
      if (nextLf - pos - (cr ? 1 : 0) > 0) this.hasContent = true;
      this.line += 1;
      this.endRecord();
      pos = nextLf + 1;
    }
  }

  /** Call once after the last chunk: checks a final record that has no line break after it. */
  finish(): void {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.closeQuote();
    }
    if (this.inQuote) {
      this.unclosedQuoteLine = this.quoteLine;
      return;
    }
    this.endRecord();
  }

  private closeQuote(): void {
    this.inQuote = false;
    this.fieldStart = false;
  }

  private endRecord(): void {
    if (this.hasContent || this.fields > 1) {
      if (this.headerFields === null) {
        this.headerFields = this.fields;
      } else {
        this.dataRecords += 1;
        if (this.fields !== this.headerFields) {
          this.raggedCount += 1;
          if (this.raggedExamples.length < this.maxExamples) {
            this.raggedExamples.push({ line: this.recordLine, fields: this.fields });
          }
        }
      }
    }
    this.fields = 1;
    this.hasContent = false;
    this.fieldStart = true;
    this.recordLine = this.line;
  }
}

function countLineFeeds(s: string, from: number, to: number): number {
  let count = 0;
  let i = s.indexOf('\n', from);
  while (i !== -1 && i < to) {
    count += 1;
    i = s.indexOf('\n', i + 1);
  }
  return count;
}
