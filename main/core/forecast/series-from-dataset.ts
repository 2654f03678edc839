// Runs in: trainer and main processes (plain Node, no TensorFlow.js). The columns a forecast config reads, taken
// from a loaded dataset: numbers as they are, category columns (inputs only) as their labels.
import type { ForecastConfig } from '../../../shared/model/config';
import { UserError } from '../../../shared/util/errors';
import { textKeyed } from '../../../shared/util/text-keys';
import type { ForecastSeries } from './forecast-series';
import type { DatasetColumns } from '../dataset/dataset-columns';


export function forecastSeriesFromDataset(dataset: DatasetColumns, config: ForecastConfig): ForecastSeries {
  // Keyed by column names: a column named __proto__ must be stored under that name, not become the prototype.
  const series: ForecastSeries = { columns: textKeyed(), categories: textKeyed(), times: dataset.time, frequency: dataset.summary.frequency };
  for (const name of new Set([config.target, ...config.features])) {
    const column = dataset.summary.columns.find((c) => c.name === name);
    if (!column) {
      throw new UserError(`Column "${name}" is not in ${dataset.summary.fileName}: choose one of its columns.`);
    }
    const isTarget = name === config.target;
    if (column.type === 'number') {
      series.columns[name] = dataset.numeric(name);
    } else if (column.type === 'category' && !isTarget) {
      series.categories![name] = dataset.strings(name);
    } else {
      throw new UserError(
        isTarget
          ? `Column "${name}" holds ${column.type} values, not numbers: choose a numeric target column.`
          : `Column "${name}" holds ${column.type} values: choose a numeric or category input column.`,
      );
    }
  }
  return series;
}
