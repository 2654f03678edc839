// Runs in: main and trainer processes (plain Node). Where a CSV's cells go as they stream out of the parser: one store
// per column instead of one string per cell (10x the file in memory). Numbers and ISO date/times become a
// Float64Array as they are parsed; everything else is text, dictionary-encoded while it has few distinct values.
import { isMissing, lastNumberForm, NOT_CANONICAL, toNumber, trimmed, writeNumber } from './cell-values';
import { looksLikeDateTime, parseDateTime } from './datetime';

/** Form codes of a parsed column beside 0..15 (canonical decimals, see cell-values.ts). */
const EMPTY_CELL = 254;
/** Kept in `nanCells` (a NaN cell), or only in the file (a number written oddly, every date/time). */
const ELSEWHERE = NOT_CANONICAL;
/** Text columns switch from a dictionary to one string per row past this many distinct values. */
const MAX_DICTIONARY = 65_536;
const MIN_CAPACITY = 1024;
/** V8 keeps strings of 13+ characters cut from a bigger one as views into it (SlicedString). */
const SLICE_MIN_LENGTH = 13;

/** Row-aligned raw cells of a column, read on demand. */
export interface Cells {
  readonly length: number;
  cell(row: number): string;
}

/**
 * A column read as numbers (`toNumber`) or as ISO date/times (epoch ms): the value per row, how its text was written,
 * and the text of every cell that gave NaN (placeholders like 'NA', and strays), so missing values can be told apart.
 */
export class ParsedColumn {
  values: Float64Array;
  forms: Uint8Array;
  length = 0;
  /** Text of the non-empty cells whose value is NaN, by row. */
  readonly nanCells = new Map<number, string>();
  /** Filled cells (not a missing token) that did not parse, and the first few distinct ones. */
  strays = 0;
  readonly strayExamples: string[] = [];
  /** Whether some parsed value's text is only in the file (then `cell` cannot answer for every row). */
  textElsewhere = false;
  private previousCell = '';
  private previousValue = NaN;
  private previousForm = EMPTY_CELL;

  constructor(
    readonly kind: 'number' | 'datetime',
    capacity: number,
  ) {
    this.values = new Float64Array(Math.max(MIN_CAPACITY, capacity));
    this.forms = new Uint8Array(this.values.length);
  }

  push(cell: string): void {
    const i = this.length;
    if (i === this.values.length) this.reserve(Math.ceil(i * 1.5));
    this.length = i + 1;
    let value: number;
    let form: number;
    // Series repeat themselves from row to row (a constant column, a daily value over 24 hours): comparing with the
    // previous cell is much cheaper than parsing it again.
    if (cell === this.previousCell) {
      value = this.previousValue;
      form = this.previousForm;
    } else {
      if (this.kind === 'number') {
        value = toNumber(cell);
        form = cell.length === 0 ? EMPTY_CELL : value === value ? lastNumberForm : ELSEWHERE;
      } else {
        value = parseDateTime(trimmed(cell));
        form = cell.length === 0 ? EMPTY_CELL : ELSEWHERE;
      }
      this.previousCell = cell;
      this.previousValue = value;
      this.previousForm = form;
      if (form === ELSEWHERE && value === value) this.textElsewhere = true;
    }
    this.values[i] = value;
    this.forms[i] = form;
    if (value !== value && form !== EMPTY_CELL) this.noteNaN(i, cell);
  }

  private noteNaN(i: number, cell: string): void {
    this.nanCells.set(i, detach(cell));
    if (isMissing(cell)) return;
    this.strays += 1;
    if (this.strayExamples.length < 3 && !this.strayExamples.includes(cell)) this.strayExamples.push(detach(cell));
  }

  reserve(capacity: number): void {
    if (capacity <= this.values.length) return;
    const values = new Float64Array(capacity);
    values.set(this.values.subarray(0, this.length));
    const forms = new Uint8Array(capacity);
    forms.set(this.forms.subarray(0, this.length));
    this.values = values;
    this.forms = forms;
  }

  /** The values, row-aligned (a view: no copy). */
  get data(): Float64Array {
    return this.values.subarray(0, this.length);
  }

  /** The cell's text when the store knows it; null when only the file does. */
  knownCell(i: number): string | null {
    const form = this.forms[i];
    if (form <= 15) return writeNumber(this.values[i], form);
    if (form === EMPTY_CELL) return '';
    return this.nanCells.get(i) ?? null;
  }

  /** Whether two rows' cells are surely the same text (true), surely not (false), or only the file can tell (null). */
  sameCell(a: number, b: number): boolean | null {
    const fa = this.forms[a];
    if (fa !== this.forms[b]) return false;
    const va = this.values[a];
    const vb = this.values[b];
    if (va === va) return va === vb ? (fa === ELSEWHERE ? null : true) : false;
    if (vb === vb) return false;
    return fa === EMPTY_CELL || this.nanCells.get(a) === this.nanCells.get(b);
  }

  /** Number of filled cells (neither missing nor stray). */
  get filled(): number {
    return this.length - this.nanCells.size - this.emptyCount();
  }

  private emptyCount(): number {
    let count = 0;
    for (let i = 0; i < this.length; i++) if (this.forms[i] === EMPTY_CELL) count += 1;
    return count;
  }
}

/** A text column: a dictionary of distinct values and a code per row, or, past MAX_DICTIONARY, a string per row. */
export class TextColumn implements Cells {
  readonly kind = 'text' as const;
  length = 0;
  private codes: Uint32Array;
  private dictionary: Map<string, number> | null = new Map();
  /** Distinct values by code (dictionary mode). */
  private words: string[] = [];
  /** One string per row (plain mode). */
  private plain: string[] | null = null;
  private previousCell: string | null = null;
  private previousCode = 0;

  constructor(capacity: number) {
    this.codes = new Uint32Array(Math.max(MIN_CAPACITY, capacity));
  }

  push(cell: string): void {
    const i = this.length;
    this.length = i + 1;
    if (this.plain !== null) {
      // A repeat of the cell above shares its string, so the new copy is garbage at once.
      this.plain.push(cell === this.previousCell ? this.previousCell : cell);
      this.previousCell = this.plain[i];
      return;
    }
    if (i === this.codes.length) this.reserve(Math.ceil(i * 1.5));
    let code: number;
    if (cell === this.previousCell) {
      code = this.previousCode;
    } else {
      const dictionary = this.dictionary!;
      const known = dictionary.get(cell);
      if (known === undefined) {
        if (dictionary.size === MAX_DICTIONARY) {
          this.length = i;
          this.toPlain();
          this.push(cell);
          return;
        }
        code = this.words.length;
        const kept = detach(cell);
        this.words.push(kept);
        dictionary.set(kept, code);
      } else {
        code = known;
      }
      this.previousCell = cell;
      this.previousCode = code;
    }
    this.codes[i] = code;
  }

  reserve(capacity: number): void {
    if (this.plain !== null || capacity <= this.codes.length) return;
    const codes = new Uint32Array(capacity);
    codes.set(this.codes.subarray(0, this.length));
    this.codes = codes;
  }

  cell(i: number): string {
    return this.plain !== null ? this.plain[i] : this.words[this.codes[i]];
  }

  /** The distinct values when dictionary-encoded (null otherwise), and each row's code into them. */
  get dictionaryView(): { words: string[]; codes: Uint32Array } | null {
    return this.plain !== null ? null : { words: this.words, codes: this.codes.subarray(0, this.length) };
  }

  private toPlain(): void {
    const plain: string[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) plain[i] = this.words[this.codes[i]];
    this.plain = plain;
    this.dictionary = null;
    this.words = [];
    this.codes = new Uint32Array(0);
  }
}

export type ColumnStore = ParsedColumn | TextColumn;

/**
 * Receives the parsed rows and files each cell in its column's store. A column starts as text and becomes a parsed
 * column at its first filled cell, when that cell is a number or an ISO date/time: the cells before it (all missing
 * tokens) are replayed into the new store. Whether the column really is numeric is decided once all rows are in.
 */
export class ColumnSink {
  stores: ColumnStore[] = [];
  rows = 0;
  private undecided: boolean[] = [];
  private capacity = MIN_CAPACITY;

  start(columns: number): void {
    this.stores = Array.from({ length: columns }, () => new TextColumn(this.capacity));
    this.undecided = new Array<boolean>(columns).fill(true);
  }

  row(cells: string[]): void {
    const { stores } = this;
    for (let c = 0; c < stores.length; c++) {
      const cell = cells[c];
      if (this.undecided[c] && !isMissing(cell)) this.decide(c, cell);
      stores[c].push(cell);
    }
    this.rows += 1;
  }

  /** A hint from the parser: about this many rows in all. Sizing the stores once spares copies and fresh pages. */
  expect(rows: number): void {
    this.capacity = Math.ceil(rows * 1.15);
    for (const store of this.stores) store.reserve(this.capacity);
  }

  private decide(c: number, first: string): void {
    this.undecided[c] = false;
    const kind = toNumber(first) === toNumber(first) ? 'number' : looksLikeDateTime(trimmed(first)) ? 'datetime' : null;
    if (kind === null) return;
    const text = this.stores[c] as TextColumn;
    const parsed = new ParsedColumn(kind, Math.max(this.capacity, text.length));
    for (let i = 0; i < text.length; i++) parsed.push(text.cell(i));
    this.stores[c] = parsed;
  }
}

/** A copy of `cell` that does not keep the whole parsed chunk it was cut from alive. */
function detach(cell: string): string {
  return cell.length < SLICE_MIN_LENGTH ? cell : (' ' + cell).slice(1);
}
