// Runs in: renderer. Turns run data into the {x, y} points the charts draw (numeric x, as decimation needs).
import type { TaskType } from '../../../shared/model/config';
import type { EpochMetrics } from '../../../shared/model/metrics';
import type { PredictionSeries } from '../../../shared/model/run';
import { percentName } from '../../../shared/model/interval-names';

export interface Point {
  x: number;
  y: number;
}

export interface LineSeries {
  label: string;
  points: Point[];
  color: string;
  dashed?: boolean;
  /** Filled down to the previous series (a band's upper edge over its lower one), in this colour. */
  fillToPrevious?: string;
  /** Draw no line, only the fill (a band's edges). */
  noLine?: boolean;
  /** What the legend calls it; false leaves it out of the legend (a band's lower edge). Default: `label`. */
  legend?: string | false;
}

/** Line colours; a `var(...)` one follows the theme (resolved by chart-setup's cssColor). */
export const COLORS = {
  train: '#2563eb',
  validation: '#ea580c',
  truth: 'var(--series-ink)',
  model: '#2563eb',
  persistence: '#d97706',
} as const;

/**
 * Prediction-interval bands: the model's blue, the narrower (80%) band darker than the wider (95%) one, which it
 * sits inside. Translucent, so the grid and the lines stay readable through them on the light and the dark surface.
 */
const BAND_ALPHAS = [0.3, 0.16, 0.1, 0.07, 0.05] as const;

/** A band's fill for the level's rank, narrowest first (0 = the narrowest level; at most 5 levels). */
export function bandColor(rank: number): string {
  return `rgba(59, 130, 246, ${BAND_ALPHAS[Math.min(rank, BAND_ALPHAS.length - 1)]})`;
}

export interface IntervalBand {
  level: number;
  lower: readonly number[];
  upper: readonly number[];
}

/**
 * Each interval as two series, lower edge then upper edge filled down to it, the widest level first so the narrower
 * bands are drawn over it. `x` gives each value's x. The legend names the band once: "80% interval".
 */
export function intervalSeries(bands: readonly IntervalBand[] | undefined, x: (i: number) => number): LineSeries[] {
  if (!bands?.length) return [];
  const byWidth = [...bands].sort((a, b) => b.level - a.level);
  const narrowestFirst = [...bands].sort((a, b) => a.level - b.level);
  return byWidth.flatMap((band) => {
    const name = `${percentName(band.level)}% interval`;
    const fill = bandColor(narrowestFirst.indexOf(band));
    return [
      { label: `${name}, lower`, color: fill, noLine: true, legend: false, points: band.lower.map((y, i) => ({ x: x(i), y })) },
      { label: `${name}, upper`, color: fill, noLine: true, legend: name, fillToPrevious: fill, points: band.upper.map((y, i) => ({ x: x(i), y })) },
    ];
  });
}

/** "80% and 95% prediction intervals", for chart descriptions; '' without any. */
export function intervalWords(bands: readonly { level: number }[] | undefined): string {
  if (!bands?.length) return '';
  const names = [...bands].sort((a, b) => a.level - b.level).map((band) => `${percentName(band.level)}%`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${list} prediction ${names.length === 1 ? 'interval' : 'intervals'}`;
}

/** What the loss is, per task: the forecast trains on scaled values, the classifier on label probabilities. */
export function lossTitle(task: TaskType): string {
  return task === 'text' ? 'Loss (cross-entropy)' : 'Loss (MSE of scaled values)';
}

export function lossSeries(epochs: readonly EpochMetrics[]): LineSeries[] {
  const validation = epochs.filter((epoch) => epoch.valLoss !== null);
  return [
    { label: 'Train loss', color: COLORS.train, points: epochs.map((epoch) => ({ x: epoch.epoch, y: epoch.loss })) },
    {
      label: 'Validation loss',
      color: COLORS.validation,
      points: validation.map((epoch) => ({ x: epoch.epoch, y: epoch.valLoss as number })),
    },
  ];
}

/** x is the epoch-ms time of each step when known, else the step's index in the test range. */
export function predictionSeries(predictions: PredictionSeries): LineSeries[] {
  const x = (i: number) => predictions.times?.[i] ?? i;
  const points = (values: readonly number[]) => values.map((y, i) => ({ x: x(i), y }));
  return [
    { label: 'Truth', color: COLORS.truth, points: points(predictions.truth) },
    { label: 'Model', color: COLORS.model, points: points(predictions.predicted) },
    { label: 'Persistence', color: COLORS.persistence, dashed: true, points: points(predictions.persistence) },
    ...intervalSeries(predictions.intervals, x),
  ];
}

/** truth - predicted per test step; computed for runs logged before residuals were stored. */
export function residualsOf(predictions: PredictionSeries): number[] {
  return predictions.residuals ?? predictions.truth.map((t, i) => t - predictions.predicted[i]);
}
