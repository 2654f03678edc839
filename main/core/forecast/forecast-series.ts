// Runs in: trainer and main processes (plain Node, no TensorFlow.js). The in-memory table the forecast pipeline trains on.

/**
 * Columns of one dataset, row-aligned and already sorted by time. Missing cells are NaN (numbers) or null (categories).
 * `times` holds epoch ms per row (for the prediction chart), or null when the data has no time column.
 */
export interface ForecastSeries {
  columns: Record<string, Float64Array>;
  /** Category columns used as inputs: each row's label, null where missing. One-hot encoded by prepare-data. */
  categories?: Record<string, (string | null)[]>;
  times: Float64Array | null;
  /** The importer's inferred spacing ('hourly', 'daily', ...): sets the season of seasonal naive and MASE. */
  frequency?: string | null;
}

/** Number of rows; every column and `times` must share it. */
export function rowCount(series: ForecastSeries): number {
  const first = Object.values(series.columns)[0] ?? Object.values(series.categories ?? {})[0];
  return first ? first.length : 0;
}
