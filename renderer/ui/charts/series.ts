// Runs in: renderer. Turns run data into the {x, y} points the charts draw (numeric x, as decimation needs).
import type { TaskType } from '../../../shared/model/config';
import type { EpochMetrics } from '../../../shared/model/metrics';
import type { PredictionSeries } from '../../../shared/model/run';

export interface Point {
  x: number;
  y: number;
}

export interface LineSeries {
  label: string;
  points: Point[];
  color: string;
  dashed?: boolean;
}

/** Line colours; a `var(...)` one follows the theme (resolved by chart-setup's cssColor). */
export const COLORS = {
  train: '#2563eb',
  validation: '#ea580c',
  truth: 'var(--series-ink)',
  model: '#2563eb',
  persistence: '#d97706',
} as const;

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
  ];
}

/** truth - predicted per test step; computed for runs logged before residuals were stored. */
export function residualsOf(predictions: PredictionSeries): number[] {
  return predictions.residuals ?? predictions.truth.map((t, i) => t - predictions.predicted[i]);
}
