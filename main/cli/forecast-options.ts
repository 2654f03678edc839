// Runs in: plain Node. `seqlab train`'s training-control options (optimizer, dropout, early stopping) and the
// forecast part of its report: every baseline, the best one and the model's skill against it.
import type { ParseArgsConfig } from 'node:util';
import { BASELINE_LABELS, BASELINE_NAMES, OPTIMIZERS, type ForecastConfig, type ForecastMetrics, type ForecastRunSummary, type OptimizerName } from '../../shared/api';
import { UserError } from '../../shared/errors';
import { FORECAST_DEFAULTS } from '../../shared/run-config';
import { numberOption } from './cli-options';

export const CONTROL_USAGE =
  '[--optimizer adam|rmsprop|sgd] [--dropout 0] [--recurrent-dropout 0] [--patience N] [--min-delta 0]';

export const CONTROL_OPTIONS = {
  optimizer: { type: 'string' },
  dropout: { type: 'string' },
  'recurrent-dropout': { type: 'string' },
  patience: { type: 'string' },
  'min-delta': { type: 'string' },
} satisfies ParseArgsConfig['options'];

type Values = Record<string, string | boolean | undefined>;


type Control = Required<Pick<ForecastConfig, 'optimizer' | 'dropout' | 'recurrentDropout' | 'earlyStopping' | 'patience' | 'minDelta'>>;

/** The config fields these options set; --patience or --min-delta turns early stopping on. Ranges are left to the schema. */
export function controlFields(values: Values): Control {
  const optimizer = String(values.optimizer ?? FORECAST_DEFAULTS.optimizer).toLowerCase() as OptimizerName;
  if (!OPTIMIZERS.includes(optimizer)) {
    throw new UserError(`--optimizer must be adam, rmsprop or sgd; got "${String(values.optimizer)}".`);
  }
  return {
    optimizer,
    dropout: numberOption(values, 'dropout', FORECAST_DEFAULTS.dropout),
    recurrentDropout: numberOption(values, 'recurrent-dropout', FORECAST_DEFAULTS.recurrentDropout),
    earlyStopping: values.patience !== undefined || values['min-delta'] !== undefined,
    patience: numberOption(values, 'patience', FORECAST_DEFAULTS.patience),
    minDelta: numberOption(values, 'min-delta', FORECAST_DEFAULTS.minDelta),
  };
}

/** The --json fields beyond the basics: every baseline (already in `baselines`), the best one, skill, kept epoch. */
export function forecastJsonExtras(run: ForecastRunSummary) {
  return {
    bestBaseline: run.metrics?.skill?.baseline ?? null,
    skill: run.metrics?.skill?.value ?? null,
    bestEpoch: run.metrics?.bestEpoch ?? null,
    stoppedEarly: run.metrics?.stoppedEarly ?? false,
  };
}

function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined ? '-' : value.toFixed(digits);
}

function line(label: string, m: ForecastMetrics): string {
  return (
    `${label.padEnd(20)} MAE ${fixed(m.mae, 4)}  RMSE ${fixed(m.rmse, 4)}  MAPE ${fixed(m.mape, 2)}%  ` +
    `sMAPE ${fixed(m.smape, 2)}%  MASE ${fixed(m.mase, 3)}  R2 ${fixed(m.r2, 4)}`
  );
}

/** Human-readable lines: the model on test, each baseline on the same windows, and the verdict. */
export function forecastReport(run: ForecastRunSummary): string[] {
  const out: string[] = [];
  const test = run.metrics?.test;
  if (test) out.push(line('test (model)', test));
  for (const name of BASELINE_NAMES) {
    const m = run.baselines?.[name];
    if (m) out.push(line(BASELINE_LABELS[name], m));
  }
  const skill = run.metrics?.skill;
  if (skill) {
    const pct = Math.round(Math.abs(skill.value) * 100);
    const word = skill.value >= 0 ? 'lower' : 'higher';
    out.push(`model: ${pct}% ${word} MAE than the best baseline, ${BASELINE_LABELS[skill.baseline]}`);
  }
  if (run.metrics?.bestEpoch) out.push(`weights kept from epoch ${run.metrics.bestEpoch}${run.metrics.stoppedEarly ? ' (early stopping)' : ''}`);
  return out;
}
