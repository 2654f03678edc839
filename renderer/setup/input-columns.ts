// Runs in: renderer. Which columns can feed the forecast model, and how wide they make its input.
import type { ColumnSummary } from '../../shared/model/dataset';

/** Above this many categories the trainer refuses a column (main/trainer/categorical.ts, MAX_CATEGORIES). */
export const MAX_INPUT_CATEGORIES = 50;

/** Numeric columns and category columns, in the file's order. */
export function inputColumns(columns: readonly ColumnSummary[]): ColumnSummary[] {
  return columns.filter((column) => column.type === 'number' || column.type === 'category');
}

/** The checkbox label: a category column says it becomes one input per category. */
export function inputLabel(column: ColumnSummary): string {
  if (column.type !== 'category') return column.name;
  if (column.distinct > MAX_INPUT_CATEGORIES) return `${column.name} (too many categories: ${column.distinct}; at most ${MAX_INPUT_CATEGORIES})`;
  return `${column.name} (one-hot, ${column.distinct} ${column.distinct === 1 ? 'category' : 'categories'})`;
}

/** The model's input width: one per numeric column, one per category of a category column (duplicates count once). */
export function oneHotWidth(features: readonly string[], columns: readonly ColumnSummary[]): number {
  let width = 0;
  for (const name of new Set(features)) {
    const column = columns.find((c) => c.name === name);
    width += column?.type === 'category' ? Math.max(1, column.distinct) : 1;
  }
  return width;
}
