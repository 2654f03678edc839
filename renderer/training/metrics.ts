// Runs in: renderer. What the metrics table shows: every metric of the model and of every baseline, the best
// baseline, and the model's skill against it in words.
import { BASELINE_LABELS, BASELINE_NAMES, type BaselineName, type ForecastBaselines, type ForecastMetrics } from '../../shared/model/metrics';
import type { ForecastRunSummary } from '../../shared/model/run';

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

/** The stored verdict, or for runs logged before it existed the same rule: lowest test MAE, 1 - MAE_model / MAE_best. */
export function skillOf(run: ForecastRunSummary): { baseline: BaselineName; value: number } | null {
  if (run.metrics?.skill) return run.metrics.skill;
  const test = run.metrics?.test;
  const present = presentBaselines(run.baselines);
  if (!test || present.length === 0) return null;
  const best = present.reduce((a, b) => (b.metrics.mae < a.metrics.mae ? b : a));
  return best.metrics.mae > 0 ? { baseline: best.name, value: 1 - test.mae / best.metrics.mae } : null;
}

/** "12% lower MAE than the best baseline, seasonal naive" or "worse than the best baseline, persistence: 30% higher MAE". */
export function skillSentence(skill: { baseline: BaselineName; value: number }): string {
  const label = BASELINE_LABELS[skill.baseline];
  const pct = Math.round(Math.abs(skill.value) * 1000) / 10;
  if (pct === 0) return `The same MAE as the best baseline, ${label}`;
  return skill.value > 0
    ? `${pct}% lower MAE than the best baseline, ${label}`
    : `Worse than the best baseline, ${label}: ${pct}% higher MAE`;
}
