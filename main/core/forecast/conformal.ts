// Runs in: trainer and main processes (plain Node, no TensorFlow.js). Split-conformal prediction intervals: the
// absolute errors on the validation windows, per step ahead, give each level's half-width; the test windows say how
// often the intervals really held the truth.
import type { ConformalBand, IntervalScore } from '../../../shared/model/metrics';

/**
 * Half-width per step: the ceil((n + 1) * level)-th smallest of the n validation absolute errors of that step
 * (Vovk et al.; Angelopoulos & Bates' "gentle introduction", eq. 1). With too few windows for a level (n + 1 <
 * 1 / (1 - level)) the largest error is used, which covers somewhat less than the level.
 */
export function conformalBands(truth: ArrayLike<number>, predicted: ArrayLike<number>, horizon: number, levels: readonly number[]): ConformalBand[] {
  const count = truth.length / horizon;
  const errors = Array.from({ length: horizon }, () => new Float64Array(count));
  for (let n = 0; n < count; n++) {
    for (let h = 0; h < horizon; h++) errors[h][n] = Math.abs(truth[n * horizon + h] - predicted[n * horizon + h]);
  }
  for (const step of errors) step.sort();
  return levels.map((level) => ({
    level,
    halfWidth: errors.map((step) => {
      if (step.length === 0) return 0;
      const rank = Math.ceil((step.length + 1) * level);
      return step[Math.min(rank, step.length) - 1];
    }),
  }));
}

/** How often each band held the truth, and how wide it was (2 x half-width, averaged over steps), per step too when horizon > 1. */
export function scoreIntervals(truth: ArrayLike<number>, predicted: ArrayLike<number>, horizon: number, bands: readonly ConformalBand[]): IntervalScore[] {
  const count = truth.length / horizon;
  return bands.map(({ level, halfWidth }) => {
    const held = new Float64Array(horizon);
    for (let n = 0; n < count; n++) {
      for (let h = 0; h < horizon; h++) {
        if (Math.abs(truth[n * horizon + h] - predicted[n * horizon + h]) <= halfWidth[h]) held[h]++;
      }
    }
    const coverageByStep = Array.from(held, (k) => (count > 0 ? k / count : 0));
    const widthByStep = halfWidth.map((w) => 2 * w);
    const score: IntervalScore = {
      level,
      coverage: coverageByStep.reduce((a, b) => a + b, 0) / horizon,
      meanWidth: widthByStep.reduce((a, b) => a + b, 0) / horizon,
    };
    if (horizon > 1) score.byStep = { coverage: coverageByStep, meanWidth: widthByStep };
    return score;
  });
}

/** Lower and upper bounds around forecasts ([count, horizon]) with each band's half-widths. */
export function intervalBounds(predicted: ArrayLike<number>, horizon: number, band: ConformalBand): { lower: number[]; upper: number[] } {
  const lower = new Array<number>(predicted.length);
  const upper = new Array<number>(predicted.length);
  for (let i = 0; i < predicted.length; i++) {
    lower[i] = predicted[i] - band.halfWidth[i % horizon];
    upper[i] = predicted[i] + band.halfWidth[i % horizon];
  }
  return { lower, upper };
}
