// Runs in: trainer and main processes (plain Node, no TensorFlow.js: the window preview runs it in main). Checks a
// forecast config against the data, then: split -> clean (sentinels, missing-value policies, one-hot) -> scale -> window.
import type { ForecastConfig } from '../../../shared/model/config';
import { UserError } from '../../../shared/util/errors';
import type { MissingReport, TimeGapReport } from '../../../shared/model/forecast-data';
import { rowsAfterGaps } from '../dataset/time-spacing';
import { cleanColumn, type CleanColumn } from './input-columns';
import { rowCount, type ForecastSeries } from './forecast-series';
import { MAX_MAGNITUDE, applyZScore, fitZScore, largestMagnitude, type ZScore } from './scaling';
import { boundarySplit, rangeLength, splitRows, type RowSplit, type SplitName } from './split';
import { seasonalPeriod } from './season';
import { transformTarget } from './target-transform';
import type { TargetTransform } from '../../../shared/model/config';
import { materializeWindows, missingRows, planWindows, possibleWindows, type WindowPlan, type WindowRules, type WindowSet } from './windowing';

/** Fewer training windows than this cannot teach a recurrent network anything worth reporting. */
export const MIN_TRAIN_WINDOWS = 10;

/** How one chosen column becomes model inputs: saved with a model, so a new file is encoded the same way. */
export type InputEncoder =
  | { column: string; kind: 'number'; scaler: ZScore }
  | { column: string; kind: 'category'; categories: string[] };

/** Everything about the data but the window arrays themselves (the window preview stops here). */
export interface ForecastPlan {
  /** The model's inputs, in order: a category column becomes one "column=category" input per training category. */
  featureNames: string[];
  /** Target after its missing-value policy, unscaled (metrics and baselines are computed in original units). */
  target: Float64Array;
  /** What the model predicts (and reads, when the target is an input): `target` through the target transform
   * (the same array without one). `targetScaler` is fitted on it. */
  modelTarget: Float64Array;
  targetTransform: TargetTransform;
  /** Steps per season from the data's frequency (seasonal naive, MASE, the seasonal difference); 1 without one. */
  period: number;
  targetScaler: ZScore;
  /** One per feature, same order as featureNames (fitted on the training rows; identity for one-hot inputs). */
  inputScalers: ZScore[];
  encoders: InputEncoder[];
  /** Per feature, after the policies, unscaled (one-hot inputs are 0/1). */
  unscaledInputs: Float64Array[];
  split: RowSplit;
  plans: Record<SplitName, WindowPlan>;
  /** First target rows of every training window at stride 1: the linear baseline is fitted on all of them whatever
   * the training stride (a stride of 2 on hourly data would leave it only even hours to learn from). */
  baselineTrainRows: Int32Array;
  /** Columns with missing values and what their policy did. */
  missing: MissingReport[];
  timeGaps: TimeGapReport;
  findings: string[];
}

export interface PreparedData extends ForecastPlan {
  sets: Record<SplitName, WindowSet>;
}

export const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];
const IDENTITY: ZScore = { mean: 0, std: 1, constant: false };

function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

function splitAdvice(name: SplitName): string {
  return name === 'train'
    ? 'use a smaller window or horizon, or a larger file'
    : `use a smaller window or horizon, a larger ${name} fraction, or a larger file`;
}

/** Training windows start every `stride` rows; validation and test keep every window (see planForecastData). */
function strideOf(config: ForecastConfig, name: SplitName): number {
  return name === 'train' ? (config.stride ?? 1) : 1;
}

function orMasks(masks: (Uint8Array | null)[], rows: number): Uint8Array | null {
  const present = masks.filter((m): m is Uint8Array => m !== null);
  if (present.length === 0) return null;
  const out = new Uint8Array(rows);
  for (const mask of present) for (let r = 0; r < rows; r++) out[r] |= mask[r];
  return out;
}

/** Windows dropped (all splits) under `rules` alone: how much one column, or the time gaps, cost. */
function droppedBy(config: ForecastConfig, split: RowSplit, rules: (name: SplitName) => Omit<WindowRules, 'window' | 'horizon' | 'stride'>): number {
  let dropped = 0;
  for (const name of SPLIT_NAMES) {
    const plan = planWindows(split[name], { window: config.window, horizon: config.horizon, stride: strideOf(config, name), ...rules(name) });
    dropped += plan.skipped;
  }
  return dropped;
}

/**
 * Evaluation windows keep stride 1 whatever the training stride: the stride only thins the nearly identical
 * overlapping training windows to save time, while scores over every validation and test window stay comparable
 * across runs with other strides, and the baselines are scored on exactly those windows too.
 */
export function planForecastData(series: ForecastSeries, config: ForecastConfig): ForecastPlan {
  const findings: string[] = [];
  const featureColumns = config.features.length > 0 ? [...new Set(config.features)] : [config.target];
  const rows = rowCount(series);
  const split = config.rowSplit ? boundarySplit(rows, config.rowSplit) : splitRows(rows, config.split);
  const { window, horizon } = config;
  const fractions = config.rowSplit
    ? { train: rangeLength(split.train) / rows, validation: rangeLength(split.validation) / rows, test: rangeLength(split.test) / rows }
    : { train: config.split.train, validation: config.split.validation, test: 1 - config.split.train - config.split.validation };
  const transform = config.targetTransform ?? 'none';
  const period = seasonalPeriod(series.frequency);

  const target = cleanColumn(series, config, config.target, 'target', split);
  const inputs = featureColumns.map((name) => (name === config.target ? target : cleanColumn(series, config, name, 'input', split)));
  if (target.values[0].length !== rows || inputs.some((c) => c.values.some((v) => v.length !== rows))) {
    throw new Error('ForecastSeries columns have different lengths');
  }
  for (const name of SPLIT_NAMES) {
    const length = rangeLength(split[name]);
    if (possibleWindows(length, window, horizon) === 0) {
      throw new UserError(
        `Window ${window} + horizon ${horizon} needs at least ${window + horizon} rows in the ${name} split ` +
          `(${percent(fractions[name])} of ${rows} rows), which has ${length} rows: ${splitAdvice(name)}.`,
      );
    }
  }

  // Fit every scaler on the observed training values only, so nothing about validation/test leaks into training.
  const scalerOf = (column: CleanColumn, role: string, observed = column.observed!): ZScore => {
    if (!fitZScore(observed, { start: 0, end: rows })) {
      throw new UserError(
        `The ${role} column "${column.name}" has no numeric values (every cell is empty, missing or not a number): choose a numeric column.`,
      );
    }
    const largest = largestMagnitude(column.observed!);
    if (largest > MAX_MAGNITUDE) {
      const divisor = 10 ** (Math.floor(Math.log10(largest)) - 3);
      throw new UserError(
        `The ${role} column "${column.name}" holds values as large as ${largest.toPrecision(3)}: squaring them (to scale the ` +
          'column and to score RMSE) overflows double precision, so nothing could be measured. Divide the column by a power ' +
          `of ten (e.g. ${divisor.toExponential()}) and import it again.`,
      );
    }
    const scaler = fitZScore(observed, split.train);
    if (!scaler) {
      throw new UserError(
        `The ${role} column "${column.name}" has no values in the training split (the first ${percent(config.split.train)} of rows): ` +
          'choose another column or a file where it is filled in early on.',
      );
    }
    if (scaler.constant) findings.push(`Column "${column.name}" is constant in the training split, so it cannot help the forecast.`);
    return scaler;
  };
  // The model's target is the transformed series: its scaler is fitted on the transformed observed training values.
  const targetValues = target.values[0];
  const modelTarget = transformTarget(transform, targetValues, period, `"${config.target}"`);
  const targetScaler =
    transform === 'none' ? scalerOf(target, 'target') : scalerOf(target, 'target', transformTarget(transform, target.observed!, period));
  const encoders: InputEncoder[] = [];
  const featureNames: string[] = [];
  const inputScalers: ZScore[] = [];
  const unscaledInputs: Float64Array[] = [];
  for (const column of inputs) {
    if (column.kind === 'number') {
      const scaler = column === target ? targetScaler : scalerOf(column, 'input');
      encoders.push({ column: column.name, kind: 'number', scaler });
      inputScalers.push(scaler);
    } else {
      encoders.push({ column: column.name, kind: 'category', categories: column.categories! });
      for (let k = 0; k < column.values.length; k++) inputScalers.push(IDENTITY);
    }
    featureNames.push(...column.featureNames);
    unscaledInputs.push(...(column === target ? [modelTarget] : column.values));
  }

  const interpolated = (column: CleanColumn) => (column.policy === 'interpolate' ? column.wasFilled : null);
  const afterGap = series.times ? rowsAfterGaps(series.times) : null;
  const inputMissing = missingRows(unscaledInputs, rows);
  // A window needs the transformed target at its steps and the raw one too (the baselines, and the inverse transform).
  const targetMissing = missingRows(modelTarget === targetValues ? [targetValues] : [targetValues, modelTarget], rows);
  const notLastInput = orMasks([...inputs.map(interpolated), interpolated(target)], rows);
  // A filled target may be learned from, but is no truth to score a model or a baseline against.
  const unscored = (name: SplitName) => (name === 'train' ? null : target.wasFilled);
  const plans = {} as Record<SplitName, WindowPlan>;
  const rulesOf = (name: SplitName, stride: number): WindowRules => ({
    window,
    horizon,
    stride,
    inputMissing,
    targetMissing,
    unscored: unscored(name),
    notLastInput,
    afterGap,
  });
  for (const name of SPLIT_NAMES) plans[name] = planWindows(split[name], rulesOf(name, strideOf(config, name)));
  const baselineTrainRows = strideOf(config, 'train') > 1 ? planWindows(split.train, rulesOf('train', 1)).firstTargetRow : plans.train.firstTargetRow;

  const missing: MissingReport[] = [];
  for (const column of new Set([target, ...inputs])) {
    if (column.missing === 0) continue;
    const isInput = inputs.includes(column);
    const isTarget = column === target;
    const windowsDropped = droppedBy(config, split, (name) => ({
      inputMissing: isInput ? missingRows(column.values, rows) : null,
      targetMissing: isTarget ? targetMissing : null,
      unscored: isTarget ? unscored(name) : null,
      notLastInput: interpolated(column),
    }));
    missing.push({ column: column.name, policy: column.policy, missing: column.missing, filled: column.filled, windowsDropped, marked: column.marked });
  }
  let gaps = 0;
  if (afterGap) for (let r = 0; r < rows; r++) gaps += afterGap[r];
  const timeGaps: TimeGapReport = { gaps, windowsDropped: gaps > 0 ? droppedBy(config, split, () => ({ afterGap })) : 0 };

  const skipped = SPLIT_NAMES.reduce((sum, name) => sum + plans[name].skipped, 0);
  if (skipped > 0) {
    const perSplit = SPLIT_NAMES.map((name) => `${name} ${plans[name].skipped}`).join(', ');
    findings.push(`${skipped} windows touching missing values or gaps in time were skipped (${perSplit}).`);
  }
  const columnsUsed = [...new Set([config.target, ...featureColumns])].map((n) => `"${n}"`).join(', ');
  for (const name of SPLIT_NAMES) {
    const plan = plans[name];
    const needed = name === 'train' ? MIN_TRAIN_WINDOWS : 1;
    if (plan.firstTargetRow.length < needed) {
      throw new UserError(
        `Only ${plan.firstTargetRow.length} of ${plan.possible} windows in the ${name} split are free of missing values and gaps in time ` +
          `in ${columnsUsed} (at least ${needed} needed): fill the missing values (forward fill or interpolation), choose other columns, ` +
          `or use a smaller window${name === 'train' && (config.stride ?? 1) > 1 ? ' or stride' : ''}.`,
      );
    }
  }
  return {
    featureNames,
    target: targetValues,
    modelTarget,
    targetTransform: transform,
    period,
    targetScaler,
    inputScalers,
    encoders,
    unscaledInputs,
    split,
    plans,
    baselineTrainRows,
    missing,
    timeGaps,
    findings,
  };
}

export function prepareForecastData(series: ForecastSeries, config: ForecastConfig): PreparedData {
  const plan = planForecastData(series, config);
  const scaledTarget = applyZScore(plan.modelTarget, plan.targetScaler);
  const scaledInputs = plan.unscaledInputs.map((values, i) =>
    values === plan.modelTarget ? scaledTarget : applyZScore(values, plan.inputScalers[i]),
  );
  const sets = {} as Record<SplitName, WindowSet>;
  for (const name of SPLIT_NAMES) sets[name] = materializeWindows(scaledInputs, scaledTarget, plan.plans[name], config.window, config.horizon);
  return { ...plan, sets };
}
