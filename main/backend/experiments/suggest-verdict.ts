// Runs in: main process (plain Node; pure). The plain sentence "Suggest a setup" ends with: whether the best setup
// it found (chosen on validation) beats the best baseline on test, by how much, and if not, why that is common.
import { BASELINE_LABELS, type BaselineName, type ForecastMetrics } from '../../../shared/model/metrics';

/** Below this relative improvement in test MAE a "win" is within what another seed or another week would undo. */
export const CLEAR_MARGIN = 0.01;

export interface Verdict {
  beatsBaseline: boolean;
  text: string;
}

function percent(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}

/** `best`: the chosen setup's test metrics; `baselines`: every baseline's on the same test windows. */
export function suggestVerdict(best: ForecastMetrics, baselines: Partial<Record<BaselineName, ForecastMetrics>>, setup: string): Verdict & { bestBaseline: BaselineName } {
  const names = Object.keys(baselines) as BaselineName[];
  const bestBaseline = names.reduce((a, b) => (baselines[b]!.mae < baselines[a]!.mae ? b : a));
  const reference = baselines[bestBaseline]!;
  const label = BASELINE_LABELS[bestBaseline];
  const skill = reference.mae > 0 ? 1 - best.mae / reference.mae : best.mae === 0 ? 0 : -1;
  if (skill > CLEAR_MARGIN) {
    return {
      beatsBaseline: true,
      bestBaseline,
      text: `${setup} beats the best baseline, ${label}, by ${percent(skill)} on test MAE (${best.mae.toPrecision(4)} against ${reference.mae.toPrecision(4)}).`,
    };
  }
  const standing =
    skill >= -CLEAR_MARGIN
      ? `the best setup (${setup}) is level with it (test MAE ${best.mae.toPrecision(4)} against ${reference.mae.toPrecision(4)})`
      : `the best setup (${setup}) is ${percent(-skill)} worse (test MAE ${best.mae.toPrecision(4)} against ${reference.mae.toPrecision(4)})`;
  const persistence = baselines.persistence;
  const why =
    (reference.r2 ?? 0) < 0.1
      ? 'the series looks like noise around its level: its past says little about its next value, so nothing does much better than an average of recent values'
      : bestBaseline === 'persistence' || (persistence && persistence.r2 !== null && persistence.r2 !== undefined && persistence.r2 > 0.9)
        ? 'the series changes little from one step to the next, so its last value is already a close forecast and a network must learn the small changes on top of it'
        : 'a simple baseline already captures what the past says about the next value; more data, more training time or other input columns may help';
  return {
    beatsBaseline: false,
    bestBaseline,
    text: `Nothing tried beat ${label} by a clear margin: ${standing}. For a series like this that is common, because ${why}.`,
  };
}
