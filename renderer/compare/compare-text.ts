// Runs in: renderer. Names and values for the compare view's tables, and its chart series.
import type { EpochMetrics } from '../../shared/model/metrics';
import type { PredictionSeries, RunSummary } from '../../shared/model/run';
import type { LineSeries } from '../ui/charts/series';

/** One colour per compared run (up to 10), distinguishable and readable on white. */
export const RUN_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f', '#7c2d12', '#475569'];

export function settingValue(value: unknown, key: string, run: RunSummary): string {
  if (value === undefined) return '—';
  if (key === 'datasetId') return run.dataset.fileName;
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function runName(run: RunSummary): string {
  return `Run ${run.id}`;
}

/** Train loss solid, validation loss dashed, in the run's colour: the legend names the run. */
export function compareLossSeries(runs: { run: RunSummary; epochs: EpochMetrics[] }[]): LineSeries[] {
  return runs.flatMap(({ run, epochs }, i) => {
    const color = RUN_COLORS[i % RUN_COLORS.length];
    const validation = epochs.filter((epoch) => epoch.valLoss !== null);
    return [
      { label: `${runName(run)} train`, color, points: epochs.map((e) => ({ x: e.epoch, y: e.loss })) },
      { label: `${runName(run)} validation`, color, dashed: true, points: validation.map((e) => ({ x: e.epoch, y: e.valLoss as number })) },
    ];
  });
}

/** The truth once (from the first run), then each run's predictions in its colour. */
export function comparePredictionSeries(predictions: { runId: number; series: PredictionSeries }[]): LineSeries[] {
  if (predictions.length === 0) return [];
  // Without times, align by the end: every run's test range ends on the same last row.
  const longest = Math.max(...predictions.map(({ series }) => series.truth.length));
  const points = (series: PredictionSeries, values: readonly number[]) =>
    values.map((y, i) => ({ x: series.times?.[i] ?? i + longest - series.truth.length, y }));
  const first = predictions.find(({ series }) => series.truth.length === longest)!.series;
  return [
    { label: 'Truth', color: 'var(--series-ink)', points: points(first, first.truth) },
    ...predictions.map(({ runId, series }, i) => ({
      label: `Run ${runId}`,
      color: RUN_COLORS[i % RUN_COLORS.length],
      points: points(series, series.predicted),
    })),
  ];
}

/** Indices of the best values (all of them on a tie); nulls never win. */
export function bestIndices(values: readonly (number | null)[], better: 'lower' | 'higher'): Set<number> {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return new Set();
  const best = better === 'lower' ? Math.min(...present) : Math.max(...present);
  return new Set(values.flatMap((v, i) => (v === best ? [i] : [])));
}
