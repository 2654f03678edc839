// Runs in: trainer process (plain Node). Turns a label column (0/1, pos/neg, or a few named classes) into class
// indices, with the mapping kept so it can be shown.
import { UserError } from '../../../shared/util/errors';
import { MAX_CLASSES } from '../../../shared/model/text-columns';

export { MAX_CLASSES };

export interface LabelMapping {
  /** classNames[index] is the label as written in the file. */
  classNames: string[];
  /** Class index per kept row. */
  labels: Int32Array;
  /** Row numbers (0-based, in the dataset's order) that have a label; rows without one are left out. */
  rows: Uint32Array;
  missing: number;
}

/** Numbers sort numerically (0 before 1, so 1 is the "positive" class of a 0/1 column), strings alphabetically. */
function compareLabels(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function mapLabels(raw: (string | null)[], column: string): LabelMapping {
  const present: number[] = [];
  const values: string[] = [];
  for (let row = 0; row < raw.length; row++) {
    const value = raw[row]?.trim();
    if (value === undefined || value === '') continue;
    present.push(row);
    values.push(value);
  }
  const distinct = [...new Set(values)].sort(compareLabels);
  if (distinct.length < 2) {
    throw new UserError(
      distinct.length === 0
        ? `Label column "${column}" has no values: choose the column that holds each text's class.`
        : `Label column "${column}" holds one class only ("${distinct[0]}"): a classifier needs at least two; choose another column or a file with both classes.`,
    );
  }
  if (distinct.length > MAX_CLASSES) {
    throw new UserError(
      `Label column "${column}" has ${distinct.length} different values; Seqlab classifies into at most ${MAX_CLASSES} classes: choose the column that holds each text's class.`,
    );
  }
  const indexOf = new Map(distinct.map((name, i) => [name, i]));
  return {
    classNames: distinct,
    labels: Int32Array.from(values, (value) => indexOf.get(value) ?? 0),
    rows: Uint32Array.from(present),
    missing: raw.length - present.length,
  };
}
