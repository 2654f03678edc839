// Runs in: trainer process (plain Node). The in-memory table the forecast pipeline trains on.

/**
 * Columns of one dataset, row-aligned and already sorted by time. Missing cells are NaN.
 * `times` holds epoch ms per row (for the prediction chart), or null when the data has no time column.
 */
export interface ForecastSeries {
  columns: Record<string, Float64Array>;
  times: Float64Array | null;
  /** The importer's inferred spacing ('hourly', 'daily', ...): sets the season of seasonal naive and MASE. */
  frequency?: string | null;
}

/** Number of rows; every column and `times` must share it. */
export function rowCount(series: ForecastSeries): number {
  const first = Object.values(series.columns)[0];
  return first ? first.length : 0;
}
