// Runs in: renderer. The comparisons the metrics table shows: model against the persistence baseline.
import type { ForecastMetrics } from '../../shared/api';

export type MetricKey = keyof ForecastMetrics;

export const METRICS: { key: MetricKey; label: string; percent: boolean }[] = [
  { key: 'mae', label: 'MAE', percent: false },
  { key: 'rmse', label: 'RMSE', percent: false },
  { key: 'mape', label: 'MAPE', percent: true },
];

/** How much lower the model's error is than persistence's, in % of persistence's; positive means better. */
export function improvementPercent(model: number | null | undefined, baseline: number | null | undefined): number | null {
  if (typeof model !== 'number' || typeof baseline !== 'number' || baseline === 0) return null;
  if (!Number.isFinite(model) || !Number.isFinite(baseline)) return null;
  return ((baseline - model) / baseline) * 100;
}
