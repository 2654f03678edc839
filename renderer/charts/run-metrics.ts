// Runs in: renderer (pure). The metrics a run can be ranked or charted by, read from its summary.
import { isForecastRun, isTextRun, type RunSummary } from '../../shared/model/run';

export type RunMetricKey = 'bestValLoss' | 'testMae' | 'testRmse' | 'testAccuracy';

export interface RunMetric {
  key: RunMetricKey;
  label: string;
  lowerIsBetter: boolean;
  value: (run: RunSummary) => number | null;
}

const finite = (value: number | null | undefined): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export const RUN_METRICS: RunMetric[] = [
  { key: 'bestValLoss', label: 'Best validation loss', lowerIsBetter: true, value: (run) => finite(run.bestValLoss) },
  { key: 'testMae', label: 'Test MAE', lowerIsBetter: true, value: (run) => (isForecastRun(run) ? finite(run.metrics?.test?.mae) : null) },
  { key: 'testRmse', label: 'Test RMSE', lowerIsBetter: true, value: (run) => (isForecastRun(run) ? finite(run.metrics?.test?.rmse) : null) },
  { key: 'testAccuracy', label: 'Test accuracy', lowerIsBetter: false, value: (run) => (isTextRun(run) ? finite(run.metrics?.test?.accuracy) : null) },
];

export function runMetric(key: RunMetricKey): RunMetric {
  return RUN_METRICS.find((metric) => metric.key === key) ?? RUN_METRICS[0];
}

/** Best first by the metric; runs without a value keep their order after the others. */
export function rankRuns<R extends RunSummary>(runs: readonly R[], metric: RunMetric = RUN_METRICS[0]): R[] {
  const score = (run: R) => {
    const value = metric.value(run);
    return value === null ? Infinity : metric.lowerIsBetter ? value : -value;
  };
  return runs
    .map((run, i) => ({ run, i, s: score(run) }))
    .sort((a, b) => (a.s === b.s ? a.i - b.i : a.s === Infinity ? 1 : b.s === Infinity ? -1 : a.s - b.s))
    .map(({ run }) => run);
}
