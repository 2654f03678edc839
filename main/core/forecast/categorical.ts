// Runs in: trainer and main processes (plain Node, no TensorFlow.js). Category columns as one-hot inputs, with the
// categories taken from the training rows only (a label first seen later encodes as all zeros).
import { UserError } from '../../../shared/util/errors';
import type { RowRange } from './split';

/** More one-hot columns than this swamp the other inputs and the model's first layer. */
export const MAX_CATEGORIES = 50;

/** The distinct labels in `range`, sorted so the encoding does not depend on row order. */
export function fitCategories(column: string, labels: readonly (string | null)[], range: RowRange): string[] {
  const seen = new Set<string>();
  for (let i = range.start; i < range.end; i++) {
    const label = labels[i];
    if (label !== null) seen.add(label);
  }
  if (seen.size > MAX_CATEGORIES) {
    throw new UserError(
      `Column "${column}" has ${seen.size} categories in the training split; one-hot encoding takes at most ${MAX_CATEGORIES}: ` +
        'leave it out of the inputs, or use a file where it has fewer distinct values.',
    );
  }
  return [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Index of each row's label in `categories`; -1 for a label not seen in training, NaN where missing. */
export function categoryCodes(labels: readonly (string | null)[], categories: readonly string[]): Float64Array {
  const index = new Map(categories.map((name, i) => [name, i]));
  const out = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    out[i] = label === null ? NaN : (index.get(label) ?? -1);
  }
  return out;
}

/** One 0/1 column per category (NaN in every one where the code is missing). */
export function oneHot(codes: Float64Array, count: number): Float64Array[] {
  const columns = Array.from({ length: count }, () => new Float64Array(codes.length));
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code !== code) {
      for (const column of columns) column[i] = NaN;
    } else if (code >= 0) {
      columns[code][i] = 1;
    }
  }
  return columns;
}

/** The model's name for one category's input, e.g. "Precip Type=rain". */
export function oneHotName(column: string, category: string): string {
  return `${column}=${category}`;
}
