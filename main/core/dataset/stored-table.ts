// Runs in: main and trainer processes (plain Node). The imported file as the loader reads it after parsing: the
// column stores, plus the file itself for the text the stores do not keep, and the typing of every column.
import type { ImportOptions } from '../../../shared/model/forecast-data';
import type { RowComparer } from './clean';
import { classifyColumn, type RawColumn } from './column-types';
import { TextColumn, type Cells, type ColumnStore } from './column-store';
import type { RawRows } from './raw-rows';
import type { TimeAxisCells } from './time-axis';

/** Rows sharing a timestamp read back at once to compare them; more are read stretch by stretch as needed. */
const MAX_PREPARED_ROWS = 10_000;

/**
 * The imported file as the loader reads it: its column stores, plus the file itself for the text the stores do not
 * keep (cells of date/time columns, numbers written oddly), read back a few rows or a column at a time.
 */
export class StoredTable implements TimeAxisCells, RowComparer {
  private readonly columnsRead = new Map<number, string[]>();
  /** Rows read back ahead of a comparison (see `prepare`). */
  private prepared = new Map<number, string[]>();

  constructor(
    readonly stores: ColumnStore[],
    private readonly file: RawRows,
    readonly rowCount: number,
  ) {}

  /**
   * Types every column. A column stored as values that turns out to be text (numbers first, words later) is read
   * again from the file as text: all such columns in one pass.
   */
  classifyAll(dateOrder: ImportOptions['dateOrder']): RawColumn[] {
    const raws = this.stores.map((store) => classifyColumn(store, dateOrder));
    const reread = raws.flatMap((raw, c) => (raw === null ? [c] : []));
    if (reread.length === 0) return raws as RawColumn[];
    this.file.columns(reread).forEach((cells, k) => {
      const text = new TextColumn(this.rowCount);
      for (const cell of cells) text.push(cell);
      this.stores[reread[k]] = text;
      raws[reread[k]] = classifyColumn(text, dateOrder);
    });
    return raws as RawColumn[];
  }

  cellsOf = (c: number): Cells => {
    const store = this.stores[c];
    if (store.kind === 'text') return store;
    if (!store.textElsewhere) return { length: store.length, cell: (i) => store.knownCell(i)! };
    let column = this.columnsRead.get(c);
    if (column === undefined) {
      column = this.file.columns([c])[0];
      this.columnsRead.set(c, column);
    }
    const cells = column;
    return { length: cells.length, cell: (i) => cells[i] };
  };

  cellAt(row: number, c: number): string {
    const store = this.stores[c];
    if (store.kind === 'text') return store.cell(row);
    return store.knownCell(row) ?? this.file.row(row)[c];
  }

  /** Rows as written, read back from the file in one pass. */
  rawRows(rows: ArrayLike<number>): Map<number, string[]> {
    return this.file.rows(Array.from(rows));
  }

  /** Reads the rows to be compared in one pass, unless they are so many that holding them would cost real memory. */
  prepare(rows: number[]): void {
    if (rows.length > MAX_PREPARED_ROWS) return;
    if (this.stores.some((store) => store.kind !== 'text' && store.textElsewhere)) this.prepared = this.file.rows(rows);
  }

  same(a: number, b: number): boolean {
    for (let c = 0; c < this.stores.length; c++) {
      const store = this.stores[c];
      const same = store.kind === 'text' ? store.cell(a) === store.cell(b) : store.sameCell(a, b);
      if (same === false) return false;
      if (same === null && this.writtenRow(a)[c] !== this.writtenRow(b)[c]) return false;
    }
    return true;
  }

  private writtenRow(row: number): string[] {
    return this.prepared.get(row) ?? this.file.row(row);
  }
}
