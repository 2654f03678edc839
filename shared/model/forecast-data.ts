// Runs in: renderer and main (types). Issue 3's data-preparation contract: import choices, missing values, window preview.

/** How a date like 03/04/2011 is read when the file does not settle it. */
export type DateOrder = 'dmy' | 'mdy';

/** Choices the user makes about a file after the first import (re-import with them). */
export interface ImportOptions {
  /** Needed when every date in the time column could be either; the summary's `dateAmbiguity` says so. */
  dateOrder?: DateOrder;
  /** Build the timestamp from these columns (year, month, day, hour, minute, in any subset with year first); detected when absent. */
  timeParts?: string[];
  /** Treat rows as evenly spaced and ignore any time column. */
  noTime?: boolean;
}

/** Reported on DatasetSummary when the time column's dates could be day-first or month-first. */
export interface DateAmbiguity {
  column: string;
  examples: string[];
  /** What was assumed until the user chooses. */
  assumed: DateOrder;
}

/** What to do with a missing value in a column used by the model. */
export type MissingPolicy = 'drop' | 'ffill' | 'interpolate';
export const MISSING_POLICIES: readonly MissingPolicy[] = ['drop', 'ffill', 'interpolate'];
export const MISSING_POLICY_LABELS: Record<MissingPolicy, string> = {
  drop: 'drop the windows that touch a gap',
  ffill: 'forward fill',
  interpolate: 'linear interpolation in time',
};

/** A value that means "missing" in one column, e.g. pressure exactly 0. */
export interface SentinelMark {
  column: string;
  value: number;
}

/** What each missing-value policy touched, reported with the run and in the window preview. */
export interface MissingReport {
  column: string;
  policy: MissingPolicy;
  missing: number;
  /** Values filled (ffill / interpolate; 0 under drop). */
  filled: number;
  /** Windows (all splits) dropped because they touch a value of this column that is still missing or cannot be used. */
  windowsDropped: number;
  /** Of `missing`, the values that were missing because a sentinel mark matched them. */
  marked?: number;
}

/** Gaps in time (steps much longer than the usual one): a window never spans one, whatever the policy. */
export interface TimeGapReport {
  gaps: number;
  windowsDropped: number;
}

export interface WindowSample {
  /** Epoch ms of each input step, or null without a time column. */
  inputTimes: number[] | null;
  /** inputs[step][feature], unscaled, in `features` order (one-hot categories expanded). */
  inputs: number[][];
  targetTimes: number[] | null;
  /** The horizon values to predict, unscaled. */
  target: number[];
}

export interface WindowPreview {
  /** Feature names as the model sees them (a categorical column becomes one column per category). */
  features: string[];
  splits: { name: 'train' | 'validation' | 'test'; windows: number; first: WindowSample; last: WindowSample }[];
  /** Split boundaries on the series: epoch ms (or row index without time) where validation and test begin. */
  boundaries: { validation: number; test: number };
  /** The target over the whole file, thinned to at most 2,000 points, for the chart with the boundaries. */
  series: { x: number[]; y: number[] };
  missing: MissingReport[];
  timeGaps?: TimeGapReport;
  /** The target's autocorrelation, a few seasons deep, the season it shows and a window covering it (issue 15;
   * absent from servers older than it). */
  seasonality?: TargetSeasonality;
}

export interface TargetSeasonality {
  /** Autocorrelation at lags 0..acf.length - 1 (steps). */
  acf: number[];
  /** |acf| below this is indistinguishable from none (1.96 / sqrt(values)). */
  noiseBand: number;
  /** The detected season in steps, or null. */
  season: number | null;
  suggestedWindow: number;
}
