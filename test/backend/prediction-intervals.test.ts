// Runs in: vitest (Node). A run's prediction intervals survive the run log's series blob (full and thinned preview)
// and a bundle's predictions.csv (lower_80,upper_80,... columns), and a predictions.csv without them still reads.
import { describe, expect, it } from 'vitest';
import { decodeSeries, encodeSeries } from '../../main/backend/run-log/series-codec';
import { parsePredictionsCsv, predictionsCsv } from '../../main/backend/experiments/bundle-csv';
import type { PredictionSeries } from '../../shared/model/run';

const n = 5000;
const predicted = Array.from({ length: n }, (_, i) => 10 + Math.sin(i / 24));
const series: PredictionSeries = {
  times: Array.from({ length: n }, (_, i) => Date.UTC(2016, 0, 1) + i * 3_600_000),
  truth: predicted.map((p, i) => p + ((i % 7) - 3) / 10),
  predicted,
  persistence: predicted.map((p) => p - 0.1),
  residuals: predicted.map((_, i) => ((i % 7) - 3) / 10),
  intervals: [
    { level: 0.8, lower: predicted.map((p) => p - 0.5), upper: predicted.map((p) => p + 0.5) },
    { level: 0.95, lower: predicted.map((p) => p - 0.9), upper: predicted.map((p) => p + 0.9) },
  ],
};

describe('prediction intervals in the run log and bundles', () => {
  it('round-trip through the series blob, thinned with the other columns', () => {
    expect(decodeSeries<PredictionSeries>(encodeSeries(series))).toEqual(series);
    const preview = decodeSeries<PredictionSeries>(encodeSeries(series), 2000);
    expect(preview.intervals![1].lower).toHaveLength(preview.predicted.length);
    preview.predicted.forEach((p, i) => expect(preview.intervals![1].upper[i]).toBeCloseTo(p + 0.9, 12));
  });

  it('round-trip through predictions.csv, and a file without them reads as before', () => {
    const csv = predictionsCsv(series);
    expect(csv.split('\n', 1)[0]).toBe('time,truth,predicted,persistence,residual,lower_80,upper_80,lower_95,upper_95');
    expect(parsePredictionsCsv(csv)).toEqual(series);
    const { intervals: _, ...plain } = series;
    expect(parsePredictionsCsv(predictionsCsv(plain))).toEqual(plain);
    expect(() => parsePredictionsCsv(csv.replace('upper_95', 'upper_90'))).toThrow(/header must be/);
  });
});
