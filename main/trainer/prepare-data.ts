// Runs in: trainer process (plain Node). Checks a forecast config against the data, then split -> scale -> window.
import type { ForecastConfig } from '../../shared/api';
import { UserError } from '../../shared/errors';
import { rowCount, type ForecastSeries } from './forecast-series';
import { applyZScore, fitZScore, type ZScore } from './scaling';
import { rangeLength, splitRows, type RowSplit, type SplitName } from './split';
import { makeWindows, possibleWindows, type WindowSet } from './windowing';

/** Fewer training windows than this cannot teach a recurrent network anything worth reporting. */
export const MIN_TRAIN_WINDOWS = 10;

export interface PreparedData {
  featureNames: string[];
  /** Unscaled target column (metrics and baselines are computed in original units). */
  target: Float64Array;
  targetScaler: ZScore;
  split: RowSplit;
  sets: Record<SplitName, WindowSet>;
  findings: string[];
}

const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];

function listColumns(series: ForecastSeries): string {
  const names = Object.keys(series.columns);
  const shown = names.slice(0, 12).map((n) => `"${n}"`).join(', ');
  return names.length > 12 ? `${shown}, ... (${names.length} in all)` : shown;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

function column(series: ForecastSeries, name: string, role: string): Float64Array {
  const values = series.columns[name];
  if (!values) {
    throw new UserError(
      `The ${role} column "${name}" is not in the data (columns: ${listColumns(series) || 'none'}): choose one of those columns.`,
    );
  }
  return values;
}

function splitAdvice(name: SplitName): string {
  return name === 'train'
    ? 'use a smaller window or horizon, or a larger file'
    : `use a smaller window or horizon, a larger ${name} fraction, or a larger file`;
}

export function prepareForecastData(series: ForecastSeries, config: ForecastConfig): PreparedData {
  const findings: string[] = [];
  const featureNames = config.features.length > 0 ? [...new Set(config.features)] : [config.target];
  const target = column(series, config.target, 'target');
  const featureColumns = featureNames.map((name) => column(series, name, 'input'));
  const rows = rowCount(series);
  if (target.length !== rows || featureColumns.some((c) => c.length !== rows)) {
    throw new Error('ForecastSeries columns have different lengths');
  }

  const split = splitRows(rows, config.split);
  const { window, horizon } = config;
  const fractions = { train: config.split.train, validation: config.split.validation, test: 1 - config.split.train - config.split.validation };
  for (const name of SPLIT_NAMES) {
    const length = rangeLength(split[name]);
    if (possibleWindows(length, window, horizon) === 0) {
      throw new UserError(
        `Window ${window} + horizon ${horizon} needs at least ${window + horizon} rows in the ${name} split ` +
          `(${percent(fractions[name])} of ${rows} rows), which has ${length} rows: ${splitAdvice(name)}.`,
      );
    }
  }

  // Fit every scaler on the training rows only, so nothing about validation/test leaks into training.
  const scalerOf = (name: string, values: Float64Array, role: string): ZScore => {
    const whole = fitZScore(values, { start: 0, end: rows });
    if (!whole) {
      throw new UserError(
        `The ${role} column "${name}" has no numeric values (every cell is empty or not a number): choose a numeric column.`,
      );
    }
    const scaler = fitZScore(values, split.train);
    if (!scaler) {
      throw new UserError(
        `The ${role} column "${name}" has no values in the training split (the first ${percent(config.split.train)} of rows): ` +
          'choose another column or a file where it is filled in early on.',
      );
    }
    if (scaler.constant) {
      findings.push(`Column "${name}" is constant in the training split, so it cannot help the forecast.`);
    }
    return scaler;
  };
  const targetScaler = scalerOf(config.target, target, 'target');
  const scaledTarget = applyZScore(target, targetScaler);
  const scaledInputs = featureNames.map((name, i) =>
    name === config.target ? scaledTarget : applyZScore(featureColumns[i], scalerOf(name, featureColumns[i], 'input')),
  );

  const sets = {} as Record<SplitName, WindowSet>;
  for (const name of SPLIT_NAMES) sets[name] = makeWindows(scaledInputs, scaledTarget, split[name], window, horizon);

  const skipped = SPLIT_NAMES.reduce((sum, name) => sum + sets[name].skipped, 0);
  if (skipped > 0) {
    const perSplit = SPLIT_NAMES.map((name) => `${name} ${sets[name].skipped}`).join(', ');
    findings.push(`${skipped} windows touching missing values were skipped (${perSplit}).`);
  }
  const columnsUsed = [...new Set([config.target, ...featureNames])].map((n) => `"${n}"`).join(', ');
  for (const name of SPLIT_NAMES) {
    const set = sets[name];
    const needed = name === 'train' ? MIN_TRAIN_WINDOWS : 1;
    if (set.count < needed) {
      throw new UserError(
        `Only ${set.count} of ${set.count + set.skipped} windows in the ${name} split are free of missing values ` +
          `in ${columnsUsed} (at least ${needed} needed): fill in or drop the missing cells, choose other columns, ` +
          'or use a smaller window.',
      );
    }
  }
  return { featureNames, target, targetScaler, split, sets, findings };
}
