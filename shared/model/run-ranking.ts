// Runs in: renderer and main. The metrics runs are ranked and charted by, and the one ranking both sides use (main
// orders a sweep's runs with it; the sweep view re-ranks them by the metric the user picks).
import { isForecastRun, isTextRun, type RunSummary } from './run';

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

/**
 * Best first by the metric (best validation loss unless told otherwise); runs without a finite value (failed early,
 * still training) last. Ties go to the older run (lower id), so the order never depends on the order given.
 */
export function rankRuns<R extends RunSummary>(runs: readonly R[], metric: RunMetric = RUN_METRICS[0]): R[] {
  const score = (run: R): number | null => {
    const value = metric.value(run);
    return value === null ? null : metric.lowerIsBetter ? value : -value;
  };
  return runs
    .map((run) => ({ run, score: score(run) }))
    .sort((a, b) => {
      if (a.score === null || b.score === null) return a.score === b.score ? a.run.id - b.run.id : a.score === null ? 1 : -1;
      return a.score - b.score || a.run.id - b.run.id;
    })
    .map(({ run }) => run);
}
