// Runs in: trainer and main processes (plain Node, no TensorFlow.js). Rolling-origin folds: the row boundaries of
// each fold of a backtest, laid out so the last fold is exactly the single run's split.
import type { BacktestSpec, RowBoundaries } from '../../../shared/model/config';
import { UserError } from '../../../shared/util/errors';
import { splitRows } from './split';

/**
 * `folds` folds whose test blocks have the single run's test length and follow one another up to the last row;
 * each fold's validation block (the single run's validation length) sits just before its test block, and its
 * training part before that: from row 0 (expanding, it grows fold by fold) or with the first fold's length
 * (sliding). The last fold is the single run's split, so its scores can be checked against a plain run's.
 * `minTrainRows`: the fewest training rows a fold may have (window + horizon and a few windows more).
 */
export function backtestFolds(rows: number, split: { train: number; validation: number }, spec: BacktestSpec, minTrainRows: number): RowBoundaries[] {
  const last = splitRows(rows, split);
  const testRows = last.test.end - last.test.start;
  const validationRows = last.validation.end - last.validation.start;
  const firstTrainRows = last.train.end - (spec.folds - 1) * testRows;
  if (firstTrainRows < minTrainRows) {
    throw new UserError(
      `A ${spec.folds}-fold backtest moves the test block (${testRows} rows) back ${spec.folds - 1} times, which leaves the first fold ` +
        `${Math.max(0, firstTrainRows)} training rows of the ${minTrainRows} it needs: use fewer folds, or a smaller test share with --split ` +
        `(e.g. 0.8,0.1 makes each test block 10% of the rows).`,
    );
  }
  return Array.from({ length: spec.folds }, (_, i) => {
    const testEnd = rows - (spec.folds - 1 - i) * testRows;
    const testStart = testEnd - testRows;
    const validationStart = testStart - validationRows;
    return {
      trainStart: spec.mode === 'expanding' ? 0 : validationStart - firstTrainRows,
      validationStart,
      testStart,
      testEnd,
    };
  });
}

/** Mean and population standard deviation (0 for one value). */
export function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}
