// Runs in: renderer. Pure choices for the forecast form: which columns can be predicted and which to pick first.
import type { ColumnSummary } from '../../shared/model/dataset';

/** Only numeric columns can be a target or an input of the forecast model. */
export function numericColumns(columns: readonly ColumnSummary[]): string[] {
  return columns.filter((column) => column.type === 'number').map((column) => column.name);
}

/** Names that say "this is what to predict", strongest first: a column called target or y, ETT's oil temperature
 * (OT), then any temperature (the course's exercise; Jena writes it "T (degC)"). */
const TARGET_NAMES = [/^(target|y)$/i, /^ot$/i, /temp|^t \(degc\)$/i];

/**
 * The column named like a target, else the last numeric one: files tend to put what they are about last (ETTh1's
 * OT, a sales or load column after its drivers), and ids or counters first.
 */
export function defaultTarget(numeric: readonly string[]): string {
  for (const pattern of TARGET_NAMES) {
    const named = numeric.find((name) => pattern.test(name.trim()));
    if (named) return named;
  }
  return numeric.at(-1) ?? '';
}
