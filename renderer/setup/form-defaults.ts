// Runs in: renderer. Pure choices for the forecast form: which columns can be predicted and which to pick first.
import type { ColumnSummary } from '../../shared/model/dataset';

/** Only numeric columns can be a target or an input of the forecast model. */
export function numericColumns(columns: readonly ColumnSummary[]): string[] {
  return columns.filter((column) => column.type === 'number').map((column) => column.name);
}

/** The course predicts temperature, so a column named like it wins; otherwise the first numeric one. */
export function defaultTarget(numeric: readonly string[]): string {
  return numeric.find((name) => /temp/i.test(name)) ?? numeric[0] ?? '';
}
