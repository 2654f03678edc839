// Runs in: main process (plain Node). Settings checked against the dataset they will train on: cheap, so bad settings
// fail with a clear message before a trainer process starts (training, sweeps and the window preview use them).
import type { ForecastConfig, RunConfig } from '../../../shared/model/config';
import type { DatasetSummary } from '../../../shared/model/dataset';
import { checkTextColumns } from '../../../shared/model/text-columns';
import { UserError } from '../../../shared/util/errors';
import { MAX_CATEGORIES } from '../../core/forecast/categorical';

/** Either task's checks against the data it will train on. */
export function checkAgainstData(config: RunConfig, summary: DatasetSummary): void {
  if (config.task === 'text') checkTextColumns(config, summary);
  else checkConfigAgainstData(config, summary);
}

/** Checks that need the dataset's columns: cheap, so bad settings fail before a process starts. */
export function checkConfigAgainstData(config: ForecastConfig, summary: DatasetSummary): void {
  for (const name of new Set([config.target, ...config.features])) {
    const column = summary.columns.find((c) => c.name === name);
    const role = name === config.target ? 'Target' : 'Input';
    if (!column) throw new UserError(`${role} column "${name}" is not in ${summary.fileName}: choose one of its columns.`);
    if (column.type === 'empty') {
      throw new UserError(`${role} column "${name}" is empty in every row: choose a column with values.`);
    }
    if (column.type === 'category' && role === 'Input') {
      // The training split may hold fewer; the file's count is the early, cheap check (prepare-data checks the split).
      if (column.distinct > MAX_CATEGORIES) {
        throw new UserError(
          `Input column "${name}" has ${column.distinct} categories; one-hot encoding takes at most ${MAX_CATEGORIES}: leave it out of the inputs.`,
        );
      }
      continue;
    }
    if (column.type !== 'number' && summary.findings.some((f) => f.code === 'decimal-comma' && f.column === name)) {
      throw new UserError(
        `${role} column "${name}" holds numbers written with a decimal comma, which Seqlab reads as text: save the file with ` +
          'decimal points (in a spreadsheet: a number format with a point), or replace the commas in that column, and import it again.',
      );
    }
    if (column.type !== 'number') {
      throw new UserError(
        role === 'Target'
          ? `Target column "${name}" holds ${column.type} values, not numbers: choose a numeric column.`
          : `Input column "${name}" holds ${column.type} values: choose a numeric or category column.`,
      );
    }
  }
  const trainRows = Math.floor(summary.rowsUsed * config.split.train);
  if (config.window + config.horizon > trainRows) {
    throw new UserError(
      `Window ${config.window} + horizon ${config.horizon} needs at least ${config.window + config.horizon} rows in the ` +
        `training split, which has ${trainRows} of the file's ${summary.rowsUsed} rows: use a smaller window or a longer file.`,
    );
  }
}
