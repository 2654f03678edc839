// Runs in: renderer. Turns run data into the {x, y} points the charts draw (numeric x, as decimation needs).
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

export const COLORS = {
  train: '#2563eb',
  validation: '#ea580c',
  truth: '#1f2937',
  model: '#2563eb',
  persistence: '#d97706',
} as const;

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
