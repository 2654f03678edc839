// Runs in: vitest (jsdom). The backtest table's pure rules: which columns show, the best error in each row (ties
// all marked, a missing score never best), and the best baseline of the summary.
import { describe, expect, it } from 'vitest';
import type { BacktestFold, BacktestSummary } from '../../shared/model/metrics';
import { bestBaselineOf, bestInRow, scoreColumns } from '../../renderer/evaluation/backtest-table';

const fold = (model: [number, number] | null, baselines: BacktestFold['baselines']): BacktestFold => ({
  runId: 1,
  trainRows: 100,
  testStart: 100,
  testEnd: 120,
  status: 'completed',
  model: model && { mae: model[0], rmse: model[1] },
  baselines,
});

describe('backtest table', () => {
  const folds = [
    fold([1.0, 2.0], { persistence: { mae: 1.2, rmse: 1.5 }, linear: { mae: 1.0, rmse: 2.5 } }),
    fold(null, { persistence: { mae: 0.9, rmse: 1.1 } }),
  ];
  const backtest: BacktestSummary = {
    mode: 'expanding',
    folds,
    summary: {
      model: { maeMean: 1, maeStd: 0, rmseMean: 2, rmseStd: 0 },
      baselines: { persistence: { maeMean: 1.05, maeStd: 0.15, rmseMean: 1.3, rmseStd: 0.2 }, linear: { maeMean: 1.0, maeStd: 0, rmseMean: 2.5, rmseStd: 0 } },
    },
  };

  it('lists the model, then only the baselines that scored a fold, in the usual order', () => {
    expect(scoreColumns(backtest).map((c) => c.key)).toEqual(['model', 'persistence', 'linear']);
  });

  it('marks the lowest MAE and RMSE of each row separately, every column on a tie, never a missing score', () => {
    const columns = scoreColumns(backtest);
    const first = bestInRow(folds[0], columns);
    expect([...first.mae].sort()).toEqual(['linear', 'model']);
    expect([...first.rmse]).toEqual(['persistence']);
    const second = bestInRow(folds[1], columns);
    expect([...second.mae]).toEqual(['persistence']);
  });

  it('names the baseline with the lowest mean MAE', () => {
    expect(bestBaselineOf(backtest)).toEqual({ name: 'linear', maeMean: 1.0, maeStd: 0 });
  });
});
