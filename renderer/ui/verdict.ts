// Runs in: renderer (pure). One verdict on a finished run, the same wherever it is shown (run panel, compare, sweeps):
// the model against its best baseline on the test split. Forecasts: skill = 1 - MAE_model / MAE_best baseline (the
// lowest test MAE). Text: skill = 1 - errors_model / errors_best baseline (the highest test accuracy).
import { BASELINE_LABELS, BASELINE_NAMES, type BaselineName } from '../../shared/model/metrics';
import { isForecastRun, isTextRun, type ForecastRunSummary, type RunSummary, type TextRunSummary } from '../../shared/model/run';
import { formatMetric } from './format';

export type VerdictTone = 'better' | 'same' | 'worse';

export interface Verdict {
  tone: VerdictTone;
  /** 1 - error of the model / error of the best baseline: 0.12 means 12% less error. */
  skill: number;
  /** The best baseline's name in words, e.g. "seasonal naive". */
  baseline: string;
  /** The sentence after "Model: ", e.g. "12% lower MAE than the best baseline, seasonal naive". */
  text: string;
  /** Short, for table cells: "+12% vs seasonal naive". */
  short: string;
}

/** The stored skill, or for runs logged before it existed the same rule: lowest test MAE, 1 - MAE_model / MAE_best. */
export function forecastSkill(run: ForecastRunSummary): { baseline: BaselineName; value: number } | null {
  if (run.metrics?.skill) return run.metrics.skill;
  const test = run.metrics?.test;
  const present = BASELINE_NAMES.flatMap((name) => (run.baselines?.[name] ? [{ name, mae: run.baselines[name].mae }] : []));
  if (!test || present.length === 0) return null;
  const best = present.reduce((a, b) => (b.mae < a.mae ? b : a));
  return best.mae > 0 ? { baseline: best.name, value: 1 - test.mae / best.mae } : null;
}

function percent(skill: number): number {
  return Math.round(Math.abs(skill) * 1000) / 10;
}

function toneOf(skill: number): VerdictTone {
  const pct = percent(skill);
  return pct === 0 ? 'same' : skill > 0 ? 'better' : 'worse';
}

/** Past double the baseline's error (skill below -1) a ratio reads better than "244.5% higher": "3.4 times". */
export function timesTheError(skill: number): string | null {
  return skill < -1 ? `${formatMetric(1 - skill)} times` : null;
}

function shortText(skill: number, baseline: string): string {
  const pct = percent(skill);
  if (pct === 0) return `even with ${baseline}`;
  const times = timesTheError(skill);
  return times ? `${times} ${baseline}'s error` : `${skill > 0 ? '+' : '−'}${pct}% vs ${baseline}`;
}

/**
 * "12% lower MAE than the best baseline, seasonal naive", "Worse than the best baseline, persistence: 30% higher MAE",
 * or past double its error "Worse than the best baseline, persistence: 3.4 times its MAE" (as the backtest says it).
 */
export function skillSentence(skill: { baseline: BaselineName; value: number }): string {
  const label = BASELINE_LABELS[skill.baseline];
  const pct = percent(skill.value);
  if (pct === 0) return `The same MAE as the best baseline, ${label}`;
  if (skill.value > 0) return `${pct}% lower MAE than the best baseline, ${label}`;
  const times = timesTheError(skill.value);
  return `Worse than the best baseline, ${label}: ${times ? `${times} its MAE` : `${pct}% higher MAE`}`;
}

function forecastVerdict(run: ForecastRunSummary): Verdict | null {
  const skill = forecastSkill(run);
  if (!skill) return null;
  const baseline = BASELINE_LABELS[skill.baseline];
  return { tone: toneOf(skill.value), skill: skill.value, baseline, text: skillSentence(skill), short: shortText(skill.value, baseline) };
}

const TEXT_BASELINES = [
  { key: 'majority', label: 'majority class' },
  { key: 'bagOfWords', label: 'bag of words' },
] as const;

function textVerdict(run: TextRunSummary): Verdict | null {
  const model = run.metrics?.test?.accuracy;
  if (model === undefined || model === null) return null;
  const present = TEXT_BASELINES.flatMap(({ key, label }) => {
    const accuracy = run.baselines?.[key]?.accuracy;
    return typeof accuracy === 'number' ? [{ label, accuracy }] : [];
  });
  if (present.length === 0) return null;
  const best = present.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const bestErrors = 1 - best.accuracy;
  // A baseline without errors leaves nothing to beat: the model can only match it.
  const skill = bestErrors > 0 ? 1 - (1 - model) / bestErrors : model >= best.accuracy ? 0 : -1;
  const pct = percent(skill);
  const scores = `test accuracy ${formatMetric(model)} vs ${formatMetric(best.accuracy)}`;
  const text =
    pct === 0
      ? `As accurate as the best baseline, ${best.label} (${scores})`
      : skill > 0
        ? `${pct}% fewer errors than the best baseline, ${best.label} (${scores})`
        : `Worse than the best baseline, ${best.label}: ${scores}`;
  return { tone: toneOf(skill), skill, baseline: best.label, text, short: shortText(skill, best.label) };
}

/** The verdict on a run with test scores and baselines; null before it has them. */
export function runVerdict(run: RunSummary): Verdict | null {
  if (isForecastRun(run)) return forecastVerdict(run);
  if (isTextRun(run)) return textVerdict(run);
  return null;
}
