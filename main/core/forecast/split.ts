// Runs in: trainer process (plain Node). Chronological train/validation/test split of row indices.
import { UserError } from '../../../shared/util/errors';
import type { RowBoundaries } from '../../../shared/model/config';

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

/** A split given as row boundaries (a backtest fold); checked against the rows the data has. */
export function boundarySplit(rows: number, b: RowBoundaries): RowSplit {
  if (!(0 <= b.trainStart && b.trainStart < b.validationStart && b.validationStart < b.testStart && b.testStart < b.testEnd && b.testEnd <= rows)) {
    throw new UserError(
      `The row boundaries (train from ${b.trainStart}, validation from ${b.validationStart}, test ${b.testStart} to ${b.testEnd}) do not fit ` +
        `the data's ${rows} rows: they must rise and end at ${rows} or before.`,
    );
  }
  return {
    train: { start: b.trainStart, end: b.validationStart },
    validation: { start: b.validationStart, end: b.testStart },
    test: { start: b.testStart, end: b.testEnd },
  };
}

export function rangeLength(range: RowRange): number {
  return range.end - range.start;
}
