// Runs in: trainer process (plain Node). Chronological train/validation/test split of row indices.
import { UserError } from '../../../shared/util/errors';

/** Half-open row range [start, end). */
export interface RowRange {
  start: number;
  end: number;
}

export interface RowSplit {
  train: RowRange;
  validation: RowRange;
  test: RowRange;
}

export type SplitName = keyof RowSplit;

/**
 * Split `rows` rows by time: the first `train` fraction, then `validation`, then the rest as test.
 * Done on rows before windowing so no window mixes two parts (no look-ahead leakage).
 */
export function splitRows(rows: number, fractions: { train: number; validation: number }): RowSplit {
  const { train, validation } = fractions;
  if (!(train > 0 && validation > 0 && train + validation < 1)) {
    throw new UserError(
      `The split fractions (train ${train}, validation ${validation}) must each be above 0 and leave some rows for the test split: ` +
        'use e.g. train 0.7 and validation 0.15.',
    );
  }
  // The epsilon keeps 100 * 0.7 = 70.00000000000001 and 10 * 0.85 from landing one row off.
  const trainEnd = Math.floor(rows * train + 1e-9);
  const validationEnd = Math.floor(rows * (train + validation) + 1e-9);
  return {
    train: { start: 0, end: trainEnd },
    validation: { start: trainEnd, end: validationEnd },
    test: { start: validationEnd, end: rows },
  };
}

export function rangeLength(range: RowRange): number {
  return range.end - range.start;
}
