// Runs in: plain Node (CLI). The forecast settings `seqlab train` takes, for the commands that train forecasts the
// same way on other terms (backtest, suggest): the options, and one validated ForecastConfig from them.
import type { ParseArgsConfig } from 'node:util';
import type { ForecastConfig } from '../../../shared/model/config';
import type { DatasetSummary } from '../../../shared/model/dataset';
import { UserError } from '../../../shared/util/errors';
import { FORECAST_DEFAULTS, describeZodError, forecastConfigSchema } from '../../../shared/model/run-config';
import { COMMON_TRAIN_OPTIONS, cellOption, numberOption, splitOption, type OptionValues } from './cli-options';
import { CONTROL_OPTIONS, DATA_OPTIONS, controlFields, dataFields, initializerOption } from './forecast-options';
import { IMPORT_OPTIONS } from './import-options';

export const FORECAST_TRAIN_OPTIONS = {
  ...COMMON_TRAIN_OPTIONS,
  target: { type: 'string' },
  features: { type: 'string' },
  init: { type: 'string' },
  window: { type: 'string' },
  horizon: { type: 'string' },
  ...CONTROL_OPTIONS,
  ...DATA_OPTIONS,
  ...IMPORT_OPTIONS,
} satisfies ParseArgsConfig['options'];

/** The train options as a checked forecast config on an imported dataset (what `seqlab train` would run). */
export function forecastConfigFromOptions(values: OptionValues, summary: DatasetSummary): ForecastConfig {
  if (!values.target) throw new UserError('--target COL is required: the column to forecast.');
  if (values.task !== undefined && values.task !== 'forecast') throw new UserError('Only forecasts can be backtested or suggested: leave --task out.');
  const target = String(values.target);
  const candidate = {
    ...FORECAST_DEFAULTS,
    datasetId: summary.id,
    target,
    features: values.features ? String(values.features).split(',').map((s) => s.trim()).filter(Boolean) : [target],
    window: numberOption(values, 'window', FORECAST_DEFAULTS.window),
    horizon: numberOption(values, 'horizon', FORECAST_DEFAULTS.horizon),
    cell: cellOption(values, 'rnn'),
    layers: numberOption(values, 'layers', FORECAST_DEFAULTS.layers),
    hiddenUnits: numberOption(values, 'hidden', FORECAST_DEFAULTS.hiddenUnits),
    bidirectional: values.bidirectional === true,
    epochs: numberOption(values, 'epochs', FORECAST_DEFAULTS.epochs),
    batchSize: numberOption(values, 'batch-size', FORECAST_DEFAULTS.batchSize),
    learningRate: numberOption(values, 'lr', FORECAST_DEFAULTS.learningRate),
    seed: numberOption(values, 'seed', FORECAST_DEFAULTS.seed),
    split: splitOption(values.split, FORECAST_DEFAULTS.split),
    backend: (values.backend as ForecastConfig['backend'] | undefined) ?? 'auto',
    ...controlFields(values),
    initializer: initializerOption(values),
    ...dataFields(values),
  };
  const parsed = forecastConfigSchema.safeParse(candidate);
  if (!parsed.success) throw new UserError(describeZodError(parsed.error));
  return parsed.data as ForecastConfig;
}

/** A finding's note, with the flag that acts on it when there is one. */
export function findingNote(finding: { code: string; message: string; column?: string; value?: number }): string {
  const mark =
    (finding.code === 'missing-marker' || finding.code === 'zero-sentinel') && finding.column !== undefined && finding.value !== undefined
      ? ` (--mark-missing "${finding.column}=${finding.value}" treats it as missing)`
      : '';
  return `note: ${finding.message}${mark}`;
}
