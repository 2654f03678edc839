// Runs in: renderer. What the metrics table shows: every metric of the model and of every baseline, the best
// baseline, and the model's skill against it in words.
import { BASELINE_LABELS, BASELINE_NAMES, type BaselineName, type ForecastBaselines, type ForecastMetrics } from '../../shared/model/metrics';

export type MetricKey = 'mae' | 'rmse' | 'mape' | 'smape' | 'mase' | 'r2';

export const METRICS: { key: MetricKey; label: string; percent: boolean }[] = [
  { key: 'mae', label: 'MAE', percent: false },
  { key: 'rmse', label: 'RMSE', percent: false },
  { key: 'mape', label: 'MAPE', percent: true },
  { key: 'smape', label: 'sMAPE', percent: true },
  { key: 'mase', label: 'MASE', percent: false },
  { key: 'r2', label: 'R²', percent: false },
];

/** How much lower the model's error is than persistence's, in % of persistence's; positive means better. */
export function improvementPercent(model: number | null | undefined, baseline: number | null | undefined): number | null {
  if (typeof model !== 'number' || typeof baseline !== 'number' || baseline === 0) return null;
  if (!Number.isFinite(model) || !Number.isFinite(baseline)) return null;
  return ((baseline - model) / baseline) * 100;
}

/** The baselines a run has, in the fixed display order (older runs only have persistence). */
export function presentBaselines(baselines: ForecastBaselines | null): { name: BaselineName; label: string; metrics: ForecastMetrics }[] {
  return BASELINE_NAMES.flatMap((name) => {
    const metrics = baselines?.[name];
    return metrics ? [{ name, label: BASELINE_LABELS[name], metrics }] : [];
  });
}
