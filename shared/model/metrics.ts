// Runs in: renderer and main. What a run scores: per-epoch losses, forecast and classification metrics, baselines.
import type { MissingReport, TimeGapReport } from './forecast-data';

export interface EpochMetrics {
  epoch: number; // 1-based
  loss: number;
  valLoss: number | null;
  seconds: number;
}

export interface ForecastMetrics {
  mae: number;
  rmse: number;
  /** Percent; null when every target is zero (MAPE undefined). */
  mape: number | null;
  // The fields below are optional: runs logged before they existed lack them.
  /** Targets equal to 0 that MAPE skipped. */
  mapeSkipped?: number;
  /** Symmetric MAPE, percent (0-200). */
  smape?: number;
  /** MAE over the in-sample seasonal naive MAE of the training part; null when that scale is 0 or unknown. */
  mase?: number | null;
  /** Coefficient of determination; null when the truth is constant. */
  r2?: number | null;
  /** Horizon > 1 only: MAE and RMSE of each step ahead (index 0 = one step ahead). */
  byStep?: { mae: number[]; rmse: number[] };
  /** Test only, when the run asked for intervals: how often each level's interval held the truth, and its width. */
  intervals?: IntervalScore[];
}

/** A split-conformal interval level: forecast +- halfWidth[step], from the validation windows' absolute errors. */
export interface ConformalBand {
  level: number;
  /** Per step ahead, original units. */
  halfWidth: number[];
}

export interface IntervalScore {
  level: number;
  /** Share of the scored targets inside the interval (0-1). */
  coverage: number;
  /** Mean upper - lower, original units. */
  meanWidth: number;
  /** Horizon > 1 only: per step ahead. */
  byStep?: { coverage: number[]; meanWidth: number[] };
}

/** One fold of a backtest as its parent run keeps it. */
export interface BacktestFold {
  runId: number;
  trainRows: number;
  /** Row range of the fold's test block (cleaned rows, half-open), with times when the data has them. */
  testStart: number;
  testEnd: number;
  testStartTime?: number | null;
  testEndTime?: number | null;
  status: string;
  model: { mae: number; rmse: number } | null;
  baselines: Partial<Record<BaselineName, { mae: number; rmse: number }>>;
}

export interface BacktestSummary {
  mode: 'expanding' | 'sliding';
  folds: BacktestFold[];
  summary: {
    model: { maeMean: number; maeStd: number; rmseMean: number; rmseStd: number } | null;
    baselines: Partial<Record<BaselineName, { maeMean: number; maeStd: number; rmseMean: number; rmseStd: number }>>;
  };
}

/** Naive forecasts scored on the very same windows as the model. */
export type BaselineName = 'persistence' | 'seasonalNaive' | 'windowMean' | 'drift' | 'linear';
export const BASELINE_NAMES: readonly BaselineName[] = ['persistence', 'seasonalNaive', 'windowMean', 'drift', 'linear'];
export const BASELINE_LABELS: Record<BaselineName, string> = {
  persistence: 'persistence',
  seasonalNaive: 'seasonal naive',
  windowMean: 'mean of the window',
  drift: 'drift',
  linear: 'linear regression',
};

export type ForecastBaselines = Partial<Record<BaselineName, ForecastMetrics>>;

/** A run's scores (stored as one JSON document, so the fields after `test` are optional and absent on older runs). */
export interface ForecastRunMetrics {
  validation?: ForecastMetrics;
  test?: ForecastMetrics;
  /** The baseline with the lowest test MAE, and the model's skill against it: 1 - MAE_model / MAE_baseline. */
  skill?: { baseline: BaselineName; value: number };
  /** Steps per season used by seasonal naive and MASE (1 = no season known). */
  seasonalPeriod?: number;
  /** 1-based epoch whose weights were kept and scored; null when a stop came mid-epoch without early stopping. */
  bestEpoch?: number | null;
  /** True when early stopping ended training before the last epoch. */
  stoppedEarly?: boolean;
  /** What each missing-value policy touched. */
  missing?: MissingReport[];
  /** Windows dropped for spanning a gap in time. */
  timeGaps?: TimeGapReport;
  /** What training noticed or chose: early stopping, which code computed the run, a model that could not be saved (absent on older runs). */
  notes?: string[];
  /** The intervals' half-widths per level and step, from the validation windows (issue 15; absent on older runs). */
  conformal?: ConformalBand[];
  /** A backtest's parent run: every fold and the mean and spread of their errors. */
  backtest?: BacktestSummary;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Rows of this class in the scored split. */
  support: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  /** Macro F1: the unweighted mean of the per-class F1 scores. */
  f1: number;
  /** Same order as classNames. */
  perClass: ClassScores[];
  /** Binary tasks only: area under the ROC curve of the second class's probability; null otherwise. */
  rocAuc: number | null;
  /** confusion[truth][predicted], counts, indices as in classNames. */
  confusion: number[][];
  classNames: string[];
}
