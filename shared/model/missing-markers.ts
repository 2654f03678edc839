// Runs in: anywhere (pure). The import's missing-value findings (a 0 in a column that never nears zero, a -200 or
// -9999 far outside the rest) as marks the user can apply in one click, and a column's figures with them applied.
// Shared so the import's column table and the forecast form's missing-values hint count the same way.
import type { ColumnSummary, Finding } from './dataset';
import type { SentinelMark } from './forecast-data';

/** The mark a finding offers, or null when it is not a missing-value finding. */
export function offeredMark(finding: Finding): SentinelMark | null {
  if (!finding.column) return null;
  if (finding.code === 'zero-sentinel') return { column: finding.column, value: finding.value ?? 0 };
  if (finding.code === 'missing-marker' && finding.value !== undefined) return { column: finding.column, value: finding.value };
  return null;
}

export interface ColumnFigures {
  missing: number;
  min: number | undefined;
  mean: number | undefined;
  max: number | undefined;
  /** The values marked as missing in this column whose figures are left out here, e.g. [-200]. */
  marked: number[];
}

/**
 * The column's missing count, min, mean and max with its marked values counted as missing, from the marker
 * findings' figures of the other values. A mark without those figures (a zero, or a summary from before they were
 * kept) only adds to the missing count when the finding gives a count; its min/mean/max stay as imported.
 */
export function columnFigures(column: ColumnSummary, findings: readonly Finding[], isMarked: (mark: SentinelMark) => boolean): ColumnFigures {
  const figures: ColumnFigures = { missing: column.missing, min: column.min, mean: column.mean, max: column.max, marked: [] };
  for (const finding of findings) {
    const mark = offeredMark(finding);
    if (!mark || mark.column !== column.name || !isMarked(mark)) continue;
    figures.marked.push(mark.value);
    figures.missing += finding.count ?? 0;
    if (finding.others) {
      figures.min = finding.others.min;
      figures.mean = finding.others.mean;
      figures.max = finding.others.max;
    }
  }
  return figures;
}
