// Runs in: main process (plain Node; pure). What "Suggest a setup" tries: the candidate settings (drawn with a seed
// from a small space around the data's season) and how successive halving spends the time budget on them.
import type { CellType, ForecastConfig, TargetTransform } from '../../../shared/model/config';
import { createRng } from '../../core/rng';
import { seasonalPeriod } from '../../core/forecast/season';

/** The settings one candidate sets on the base config. */
export interface Candidate {
  window: number;
  cell: CellType;
  hiddenUnits: number;
  layers: number;
  learningRate: number;
  targetTransform: TargetTransform;
}

export const SUGGEST_SPACE = {
  cell: ['SimpleRNN', 'GRU', 'LSTM'] as CellType[],
  hiddenUnits: [16, 32, 64],
  layers: [1, 2],
  learningRate: [0.001, 0.003, 0.01],
};

/** Windows around the season: a quarter of it, one season, two (hourly: 6, 24, 48); without a season 5, 10, 20. */
export function candidateWindows(frequency: string | null | undefined, maxWindow: number): number[] {
  const period = seasonalPeriod(frequency);
  const windows = period > 1 ? [Math.max(3, Math.round(period / 4)), period, 2 * period] : [5, 10, 20];
  const fitting = windows.filter((w) => w <= maxWindow);
  return fitting.length > 0 ? [...new Set(fitting)] : [Math.max(1, Math.min(5, maxWindow))];
}

/** Transforms worth trying: the target itself and its change; its change from one season earlier when there is a
 * season; log1p when the target is never negative and skewed to the right (mean well above the median's side). */
export function candidateTransforms(frequency: string | null | undefined, target: { min?: number; max?: number; mean?: number }): TargetTransform[] {
  const out: TargetTransform[] = ['none', 'difference'];
  if (seasonalPeriod(frequency) > 1) out.push('seasonal-difference');
  const { min, max, mean } = target;
  if (min !== undefined && max !== undefined && mean !== undefined && min >= 0 && max > 0 && mean < (min + max) / 4) out.push('log');
  return out;
}

const key = (c: Candidate) => JSON.stringify(c);

/**
 * `count` distinct candidates: the course's default setup (over one season) and the same predicting the change come
 * first, so the search never does worse than what a user gets without it; the rest are drawn with `seed`.
 */
export function drawCandidates(
  base: Pick<ForecastConfig, 'cell' | 'hiddenUnits' | 'layers' | 'learningRate'>,
  windows: number[],
  transforms: TargetTransform[],
  count: number,
  seed: number,
): Candidate[] {
  const random = createRng(seed);
  const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)];
  const seasonWindow = windows[Math.min(1, windows.length - 1)];
  const first: Candidate = { window: seasonWindow, cell: base.cell, hiddenUnits: base.hiddenUnits, layers: base.layers, learningRate: base.learningRate, targetTransform: 'none' };
  const out = new Map<string, Candidate>([[key(first), first]]);
  const second = { ...first, targetTransform: 'difference' as const };
  if (transforms.includes('difference')) out.set(key(second), second);
  const space = windows.length * SUGGEST_SPACE.cell.length * SUGGEST_SPACE.hiddenUnits.length * SUGGEST_SPACE.layers.length * SUGGEST_SPACE.learningRate.length * transforms.length;
  const wanted = Math.min(count, space);
  for (let tries = 0; out.size < wanted && tries < 10_000; tries++) {
    const candidate: Candidate = {
      window: pick(windows),
      cell: pick(SUGGEST_SPACE.cell),
      hiddenUnits: pick(SUGGEST_SPACE.hiddenUnits),
      layers: pick(SUGGEST_SPACE.layers),
      learningRate: pick(SUGGEST_SPACE.learningRate),
      targetTransform: pick(transforms),
    };
    out.set(key(candidate), candidate);
  }
  return [...out.values()].slice(0, wanted);
}

/** How many candidates a budget affords: about one per 25 seconds of it, 4 to 10 (on the whole Szeged file a short
 * run costs 10-25 s, most of it loading the file and scoring 29,000 validation and test windows). */
export function candidateCount(budgetSeconds: number): number {
  return Math.max(4, Math.min(10, Math.round(budgetSeconds / 25)));
}

/** The budget's shares: the first rung (every candidate, short), the second (the best third, longer), the last (the best one). */
export const RUNG_SHARES = [0.4, 0.35, 0.25] as const;

/** Training windows start every `stride` rows in the first rung, so a large file's short runs stay short (about 15,000 windows). */
export function firstRungStride(trainRows: number): number {
  return Math.max(1, Math.round(trainRows / 15_000));
}

/** Epochs that fit `seconds` for runs costing `overhead` + `perEpoch` x epochs, `parallel` at a time; within [min, max]. */
export function affordableEpochs(seconds: number, runs: { overhead: number; perEpoch: number }[], parallel: number, min: number, max: number): number {
  const overhead = runs.reduce((sum, r) => sum + r.overhead, 0) / parallel;
  const perEpoch = runs.reduce((sum, r) => sum + r.perEpoch, 0) / parallel;
  if (!(perEpoch > 0)) return max;
  return Math.max(min, Math.min(max, Math.floor((seconds - overhead) / perEpoch)));
}
