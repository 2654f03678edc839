// Runs in: trainer and main processes (plain Node, no TensorFlow.js). The columns a forecast uses, cleaned: sentinel
// marks, each column's missing-value policy, and categories encoded one-hot, ready for scaling and windowing.
import type { ForecastConfig } from '../../../shared/model/config';
import { UserError } from '../../../shared/util/errors';
import { ownValue } from '../../../shared/util/text-keys';
import type { MissingPolicy } from '../../../shared/model/forecast-data';
import { categoryCodes, fitCategories, oneHot, oneHotName } from './categorical';
import type { ForecastSeries } from './forecast-series';
import { countMissing, forwardFill, interpolateInTime, markSentinels, type Filled } from './missing-values';
import type { RowSplit } from './split';

/** One column of the file after its policy: what the model reads from it and what the policy touched. */
export interface CleanColumn {
  name: string;
  kind: 'number' | 'category';
  policy: MissingPolicy;
  /** Number: the values as observed (sentinels marked, nothing filled), for fitting the scaler. */
  observed: Float64Array | null;
  /** Number: values after the policy; category: one 0/1 column per category (NaN where still missing). */
  values: Float64Array[];
  /** The model's name of each entry of `values`. */
  featureNames: string[];
  /** Category columns: the training split's labels, in one-hot order. */
  categories: string[] | null;
  missing: number;
  marked: number;
  filled: number;
  /** Per row: 1 where the value was filled. */
  wasFilled: Uint8Array;
}

function listColumns(series: ForecastSeries): string {
  const names = [...Object.keys(series.columns), ...Object.keys(series.categories ?? {})];
  const shown = names.slice(0, 12).map((n) => `"${n}"`).join(', ');
  return names.length > 12 ? `${shown}, ... (${names.length} in all)` : shown;
}

function noFill(values: Float64Array): Filled {
  return { values, filled: 0, wasFilled: new Uint8Array(values.length) };
}

function applyPolicy(values: Float64Array, policy: MissingPolicy, series: ForecastSeries, split: RowSplit): Filled {
  if (policy === 'ffill') return forwardFill(values);
  if (policy === 'interpolate') return interpolateInTime(values, series.times, [split.train, split.validation, split.test]);
  return noFill(values);
}

/** Cleans one column; `role` words the error when it is not in the data. */
export function cleanColumn(
  series: ForecastSeries,
  config: ForecastConfig,
  name: string,
  role: 'target' | 'input',
  split: RowSplit,
): CleanColumn {
  const policy = ownValue(config.missing, name) ?? 'drop';
  const numbers = ownValue(series.columns, name);
  if (numbers) {
    const marks = (config.sentinels ?? []).filter((mark) => mark.column === name).map((mark) => mark.value);
    const { values: observed, marked } = markSentinels(numbers, marks);
    const result = applyPolicy(observed, policy, series, split);
    return {
      name,
      kind: 'number',
      policy,
      observed,
      values: [result.values],
      featureNames: [name],
      categories: null,
      missing: countMissing(observed),
      marked,
      filled: result.filled,
      wasFilled: result.wasFilled,
    };
  }
  const labels = ownValue(series.categories, name);
  if (labels && role === 'input') {
    if (policy === 'interpolate') {
      throw new UserError(
        `Column "${name}" holds categories, which cannot be interpolated: choose forward fill or drop for its missing values.`,
      );
    }
    const categories = fitCategories(name, labels, split.train);
    const codes = categoryCodes(labels, categories);
    const result = policy === 'ffill' ? forwardFill(codes) : noFill(codes);
    return {
      name,
      kind: 'category',
      policy,
      observed: null,
      values: oneHot(result.values, categories.length),
      featureNames: categories.map((category) => oneHotName(name, category)),
      categories,
      missing: countMissing(codes),
      marked: 0,
      filled: result.filled,
      wasFilled: result.wasFilled,
    };
  }
  if (labels) {
    throw new UserError(`The target column "${name}" holds categories, not numbers: choose a numeric target column.`);
  }
  throw new UserError(
    `The ${role} column "${name}" is not in the data (columns: ${listColumns(series) || 'none'}): choose one of those columns.`,
  );
}
