// Runs in: renderer (pure). A backtest's folds as the results table and chart need them: which columns have scores,
// the best error in each row, and each column's errors fold by fold.
import { BASELINE_LABELS, BASELINE_NAMES, type BacktestFold, type BacktestSummary, type BaselineName } from '../../shared/model/metrics';

export type ScoreColumn = 'model' | BaselineName;

export interface ColumnInfo {
  key: ScoreColumn;
  label: string;
}

/** The model, then every baseline that scored at least one fold, in the baselines' usual order. */
export function scoreColumns(backtest: BacktestSummary): ColumnInfo[] {
  const baselines = BASELINE_NAMES.filter((name) => backtest.folds.some((fold) => fold.baselines[name] !== undefined));
  return [{ key: 'model', label: 'Model' }, ...baselines.map((name) => ({ key: name, label: BASELINE_LABELS[name] }))];
}

export function scoreOf(fold: BacktestFold, key: ScoreColumn): { mae: number; rmse: number } | null {
  return (key === 'model' ? fold.model : fold.baselines[key]) ?? null;
}

/** The columns with the lowest MAE and the lowest RMSE of one fold (every column on a tie). */
export function bestInRow(fold: BacktestFold, columns: readonly ColumnInfo[]): { mae: Set<ScoreColumn>; rmse: Set<ScoreColumn> } {
  const lowest = (metric: 'mae' | 'rmse') => {
    const values = columns.map((c) => ({ key: c.key, value: scoreOf(fold, c.key)?.[metric] })).filter((v): v is { key: ScoreColumn; value: number } => Number.isFinite(v.value));
    const min = Math.min(...values.map((v) => v.value));
    return new Set(values.filter((v) => v.value === min).map((v) => v.key));
  };
  return { mae: lowest('mae'), rmse: lowest('rmse') };
}

/** The summary of a column (mean and spread over the scored folds), or null when it has none. */
export function summaryOf(backtest: BacktestSummary, key: ScoreColumn) {
  return (key === 'model' ? backtest.summary.model : backtest.summary.baselines[key]) ?? null;
}

/** The column with the lowest mean MAE over the folds, and the best baseline's, for the summary sentence. */
export function bestBaselineOf(backtest: BacktestSummary): { name: BaselineName; maeMean: number; maeStd: number } | null {
  let best: { name: BaselineName; maeMean: number; maeStd: number } | null = null;
  for (const name of BASELINE_NAMES) {
    const s = backtest.summary.baselines[name];
    if (s && (best === null || s.maeMean < best.maeMean)) best = { name, maeMean: s.maeMean, maeStd: s.maeStd };
  }
  return best;
}
