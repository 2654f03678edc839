// Runs in: main process (plain Node). The window preview: the first and last window of each split exactly as the
// trainer builds them, without TensorFlow.js (the data modules it uses are TF-free), from a file's columns read once
// (in a worker thread) and cached, so it answers in a fraction of a second as the user changes settings.
import type { ForecastConfig } from '../../../shared/model/config';
import type { DatasetSummary } from '../../../shared/model/dataset';
import { UserError } from '../../../shared/util/errors';
import type { WindowPreview, WindowSample } from '../../../shared/model/forecast-data';
import { planForecastData, SPLIT_NAMES, type ForecastPlan } from '../../core/forecast/prepare-data';
import { forecastSeriesFromDataset } from '../../core/forecast/series-from-dataset';
import { detectSeasonality, seasonalityDepth } from '../../core/forecast/season';
import type { DatasetColumns } from '../../core/dataset/dataset-columns';
import { loadColumnsInProcess, type ColumnLoader } from '../../core/dataset/columns-in-worker';

/** The chart draws at most this many points of the target. */
export const PREVIEW_SERIES_POINTS = 2_000;
/** Datasets whose columns stay in memory (the current file and the one before it). */
const CACHED_DATASETS = 2;

function sampleAt(plan: ForecastPlan, times: Float64Array | null, firstTargetRow: number, window: number, horizon: number): WindowSample {
  const inputRows = Array.from({ length: window }, (_, k) => firstTargetRow - window + k);
  const targetRows = Array.from({ length: horizon }, (_, h) => firstTargetRow + h);
  return {
    inputTimes: times ? inputRows.map((r) => times[r]) : null,
    inputs: inputRows.map((r) => plan.unscaledInputs.map((values) => values[r])),
    targetTimes: times ? targetRows.map((r) => times[r]) : null,
    target: targetRows.map((r) => plan.target[r]),
  };
}

/** Every k-th row, so the chart gets at most `limit` points spread over the whole file. */
export function thinSeries(values: Float64Array, times: Float64Array | null, limit = PREVIEW_SERIES_POINTS): { x: number[]; y: number[] } {
  const step = Math.max(1, Math.ceil(values.length / limit));
  const x: number[] = [];
  const y: number[] = [];
  for (let r = 0; r < values.length; r += step) {
    x.push(times ? times[r] : r);
    y.push(values[r]);
  }
  return { x, y };
}

export function buildWindowPreview(dataset: DatasetColumns, config: ForecastConfig): WindowPreview {
  const series = forecastSeriesFromDataset(dataset, config);
  const plan = planForecastData(series, config);
  const { times } = series;
  const at = (row: number) => (times ? times[row] : row);
  return {
    features: plan.featureNames,
    splits: SPLIT_NAMES.map((name) => {
      const rows = plan.plans[name].firstTargetRow;
      return {
        name,
        windows: rows.length,
        first: sampleAt(plan, times, rows[0], config.window, config.horizon),
        last: sampleAt(plan, times, rows[rows.length - 1], config.window, config.horizon),
      };
    }),
    boundaries: { validation: at(plan.split.validation.start), test: at(plan.split.test.start) },
    series: thinSeries(plan.target, times),
    missing: plan.missing,
    timeGaps: plan.timeGaps,
    // Over the whole file's target: a description for choosing the window, not something a model is fitted on.
    seasonality: detectSeasonality(plan.target, seasonalityDepth(series.frequency, plan.target.length)),
  };
}

export class WindowPreviews {
  /** Keyed by dataset id; the summary tells a re-import with other choices (same id, other rows) from the same file. */
  private readonly cache = new Map<string, { summary: DatasetSummary; columns: Promise<DatasetColumns> }>();

  constructor(private readonly load: ColumnLoader = loadColumnsInProcess) {}

  async preview(config: ForecastConfig, dataset: { path: string; summary: DatasetSummary } | undefined): Promise<WindowPreview> {
    if (!dataset) throw new UserError('That dataset is not loaded in this session: import the CSV again to see the window preview.');
    const { summary } = dataset;
    let entry = this.cache.get(summary.id);
    if (!entry || entry.summary !== summary) {
      // Settings change faster than a large file parses: every request in the meantime waits for the same read.
      const columns = this.load({ path: dataset.path, fileName: summary.fileName, importOptions: summary.importOptions ?? {} });
      entry = { summary, columns };
      this.cache.delete(summary.id);
      this.cache.set(summary.id, entry);
      while (this.cache.size > CACHED_DATASETS) this.cache.delete(this.cache.keys().next().value!);
      columns.catch(() => this.cache.get(summary.id) === entry && this.cache.delete(summary.id));
    }
    return buildWindowPreview(await entry.columns, config);
  }
}
