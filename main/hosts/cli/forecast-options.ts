// Runs in: plain Node. `seqlab train`'s training-control options (optimizer, dropout, early stopping), its data options
// (missing-value policies, sentinel marks, stride) and the forecast part of its report: every baseline, the best one,
// the model's skill against it, and what the missing-value policies touched.
import type { ParseArgsConfig } from 'node:util';
import {
  INITIALIZERS,
  OPTIMIZERS,
  TARGET_TRANSFORMS,
  type InitializerName,
  type ForecastConfig,
  type OptimizerName,
  type TargetTransform,
} from '../../../shared/model/config';
import { percentName } from '../../../shared/model/interval-names';
import { BASELINE_LABELS, BASELINE_NAMES, type ForecastMetrics } from '../../../shared/model/metrics';
import { type ForecastRunSummary } from '../../../shared/model/run';
import { UserError } from '../../../shared/util/errors';
import { textKeyed } from '../../../shared/util/text-keys';
import { FORECAST_DEFAULTS } from '../../../shared/model/run-config';
import { numberOption } from './cli-options';
import { MISSING_POLICIES, type MissingPolicy } from '../../../shared/model/forecast-data';
import { describeMissing, describeTimeGaps } from '../../../shared/model/missing-text';

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

export const DATA_USAGE =
  '[--missing COL=drop|ffill|interpolate,...] [--mark-missing COL=VALUE,...] [--stride 1] [--threads auto|N]\n' +
  '               [--target-transform none|difference|log|seasonal-difference] [--interval 0.8,0.95|none]';

export const DATA_OPTIONS = {
  missing: { type: 'string' },
  'mark-missing': { type: 'string' },
  stride: { type: 'string' },
  threads: { type: 'string' },
  'target-transform': { type: 'string' },
  interval: { type: 'string' },
} satisfies ParseArgsConfig['options'];

/** "A=1,B=2" -> [['A', '1'], ['B', '2']]; the last '=' splits, so column names may hold one ("x=y=3" is column "x=y"). */
function pairs(text: string, flag: string, example: string): [string, string][] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.lastIndexOf('=');
      if (at <= 0 || at === part.length - 1) throw new UserError(`${flag} takes COLUMN=VALUE pairs separated by commas, e.g. ${example}; got "${part}".`);
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    });
}

/** `--interval 0.8,0.95` (levels as fractions or percents: 80,95), or `none`. */
export function intervalOption(values: Values): number[] {
  const raw = values.interval;
  if (raw === undefined) return [...FORECAST_DEFAULTS.intervals];
  const text = String(raw).trim();
  if (text === 'none' || text === '') return [];
  return text.split(',').map((part) => {
    const value = Number(part.trim());
    const level = value >= 1 && value < 100 ? value / 100 : value;
    if (part.trim() === '' || !(level > 0 && level < 1)) {
      throw new UserError(`--interval takes levels between 0 and 1 separated by commas, e.g. 0.8,0.95 (or none); got "${text}".`);
    }
    return level;
  });
}

/** `--target-transform none|difference|log|seasonal-difference`. */
export function targetTransformOption(values: Values): TargetTransform {
  const name = String(values['target-transform'] ?? FORECAST_DEFAULTS.targetTransform).toLowerCase() as TargetTransform;
  if (!TARGET_TRANSFORMS.includes(name)) {
    throw new UserError(`--target-transform must be none, difference, log or seasonal-difference; got "${String(values['target-transform'])}".`);
  }
  return name;
}

/** --missing, --mark-missing, --stride, --target-transform and --interval as config fields (ranges are left to the schema). */
export function dataFields(values: Values): Required<Pick<ForecastConfig, 'missing' | 'sentinels' | 'stride' | 'threads' | 'targetTransform' | 'intervals'>> {
  const missing = textKeyed<MissingPolicy>(); // keyed by column names, __proto__ included
  for (const [column, policy] of pairs(String(values.missing ?? ''), '--missing', '"Pressure (millibars)=interpolate"')) {
    if (!MISSING_POLICIES.includes(policy as MissingPolicy)) {
      throw new UserError(`--missing ${column}=${policy}: the policy must be drop, ffill or interpolate.`);
    }
    missing[column] = policy as MissingPolicy;
  }
  const sentinels = pairs(String(values['mark-missing'] ?? ''), '--mark-missing', '"Pressure (millibars)=0"').map(([column, text]) => {
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) throw new UserError(`--mark-missing ${column}=${text}: the value must be a number.`);
    return { column, value };
  });
  return {
    missing,
    sentinels,
    stride: numberOption(values, 'stride', FORECAST_DEFAULTS.stride),
    threads: threadsOption(values),
    targetTransform: targetTransformOption(values),
    intervals: intervalOption(values),
  };
}


type Control = Required<Pick<ForecastConfig, 'optimizer' | 'dropout' | 'recurrentDropout' | 'earlyStopping' | 'patience' | 'minDelta'>>;

/** `--threads auto|N` (forecast and text runs): threads sharing each training batch (auto, the default: the machine's cores). */
export function threadsOption(values: Values): NonNullable<ForecastConfig['threads']> {
  if (values.threads === undefined || String(values.threads).trim().toLowerCase() === 'auto') return FORECAST_DEFAULTS.threads;
  return numberOption(values, 'threads', 1); // the schema checks the range
}

/** `--init uniform|glorot` (forecast runs only). */
export function initializerOption(values: Values): InitializerName {
  const name = String(values.init ?? FORECAST_DEFAULTS.initializer).toLowerCase() as InitializerName;
  if (!INITIALIZERS.includes(name)) throw new UserError(`--init must be uniform or glorot; got "${String(values.init)}".`);
  return name;
}

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
  for (const band of test?.intervals ?? []) {
    out.push(
      `${percentName(band.level)}% interval: held ${(band.coverage * 100).toFixed(1)}% of the test targets, mean width ${fixed(band.meanWidth, 4)}`,
    );
  }
  const skill = run.metrics?.skill;
  if (skill) {
    const pct = Math.round(Math.abs(skill.value) * 100);
    const word = skill.value >= 0 ? 'lower' : 'higher';
    out.push(`model: ${pct}% ${word} MAE than the best baseline, ${BASELINE_LABELS[skill.baseline]}`);
  }
  for (const report of run.metrics?.missing ?? []) out.push(`missing: ${describeMissing(report)}`);
  const gaps = describeTimeGaps(run.metrics?.timeGaps);
  if (gaps) out.push(`time: ${gaps}`);
  if (run.metrics?.bestEpoch) out.push(`weights kept from epoch ${run.metrics.bestEpoch}${run.metrics.stoppedEarly ? ' (early stopping)' : ''}`);
  return out;
}
