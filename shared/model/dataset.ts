// Runs in: renderer and main (types only). What an imported CSV looks like to the rest of Seqlab.
import type { DateAmbiguity, ImportOptions } from './forecast-data';

export type ColumnType = 'number' | 'datetime' | 'category' | 'text' | 'empty';

export interface ColumnSummary {
  name: string;
  type: ColumnType;
  /** Cells that are empty or a placeholder token (NA, null, ?, ...). */
  missing: number;
  distinct: number;
  /** Numeric columns only. */
  min?: number;
  max?: number;
  mean?: number;
}

export interface Finding {
  /** Stable machine-readable code, e.g. 'duplicate-rows', 'zero-sentinel', 'missing-marker', 'time-gap'. */
  code: string;
  level: 'info' | 'warning';
  /** One sentence for the user, with counts: "24 duplicate rows dropped". */
  message: string;
  column?: string;
  /** Missing-value findings ('zero-sentinel', 'missing-marker'): the value that probably means "missing" and how
   * many cells hold it, so the user can mark it as missing in one click (a SentinelMark). */
  value?: number;
  count?: number;
  /** Missing-value markers ('missing-marker'): the column's other filled values, so the window can show the column's
   * figures with the marker marked as missing. Absent on summaries made before it existed. */
  others?: { count: number; min: number; max: number; mean: number };
}

export interface DatasetSummary {
  /** Content hash (sha256 hex) — also the dataset's id. */
  id: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  rowsRead: number;
  /** Rows after cleaning (duplicates dropped, sorted by time). */
  rowsUsed: number;
  columns: ColumnSummary[];
  /** The detected datetime column rows are sorted on, if any. */
  timeColumn: string | null;
  /** Inferred spacing, e.g. 'hourly', 'daily', 'monthly', or null. */
  frequency: string | null;
  /** First rows after cleaning, as display strings, same order as `columns`. */
  previewRows: string[][];
  findings: Finding[];
  parseSeconds: number;
  // Issue 3. Optional: summaries made before these existed lack them.
  /** Set when every date could be day-first or month-first: the user is asked, and re-imports with a dateOrder. */
  dateAmbiguity?: DateAmbiguity | null;
  /** Columns the timestamp was assembled from (year, month, day, hour...), when there is no single time column. */
  timeParts?: string[] | null;
  /** The choices this summary was imported with. */
  importOptions?: ImportOptions;
}
