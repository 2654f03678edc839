// Runs in: trainer process (plain Node). What a saved forecast model needs besides its weights to predict later:
// how each column it reads becomes inputs (z-score stats fitted on the run's training rows, or one-hot categories),
// the target's stats, window, horizon, time step, and the run's missing-value treatment.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type * as tf from '@tensorflow/tfjs';
import type { MissingPolicy, SentinelMark } from '../../../shared/model/forecast-data';
import type { TargetTransform } from '../../../shared/model/config';
import type { ConformalBand } from '../../../shared/model/metrics';
import { UserError } from '../../../shared/util/errors';
import { modelDir, preprocessingPath } from '../../core/run-files';
import { saveModel } from '../model-io';
import type { InputEncoder } from '../../core/forecast/prepare-data';
import type { ZScore } from '../../core/forecast/scaling';

/** Bumped when the file's meaning changes; older files are read as long as this code knows their version.
 * 2: the model may predict a transformed target (targetTransform); written only then, so a run without a transform
 * stays readable by Seqlab versions that know format 1. */
export const FORECAST_PREPROCESSING_FORMAT = 2;

export interface ScalerStats {
  mean: number;
  std: number;
}

/** How one column of the file becomes model inputs, in the model's input order. */
export type SavedInput =
  | ({ column: string; kind: 'number' } & ScalerStats)
  | { column: string; kind: 'category'; categories: string[] };

export interface ForecastPreprocessing {
  format: number;
  task: 'forecast';
  target: string;
  /** The model's inputs, in the order of its last input axis (a category column gives one "column=category" each). */
  features: string[];
  /** The columns behind `features`, in the same order. */
  inputs: SavedInput[];
  window: number;
  horizon: number;
  /** The target's stats, fitted on the run's training rows: the model's outputs are scaled with them. */
  targetScaler: ScalerStats;
  /** The run's time column, or null when its rows were evenly spaced without one. */
  timeColumn: string | null;
  /** Median step between rows in ms (null without a time column). */
  stepMs: number | null;
  /** The importer's frequency ('hourly', 'monthly', ...): calendar steps continue by month, not by a fixed ms. */
  frequency: string | null;
  /** Values that meant "missing" in the run, and each column's missing-value policy, applied to new files too. */
  sentinels: SentinelMark[];
  missing: Record<string, MissingPolicy>;
  // Issue 15; absent in files written before: no transform, no intervals.
  /** What the model predicts; undone with the file's own last values. */
  targetTransform?: TargetTransform;
  /** Steps per season (the seasonal difference's lag). */
  period?: number;
  /** Prediction-interval half-widths per level and step, calibrated on the run's validation windows. */
  conformal?: ConformalBand[];
}

export interface KeptForecastModel {
  model: tf.LayersModel;
  featureNames: string[];
  targetScaler: ZScore;
  encoders: InputEncoder[];
  targetTransform: TargetTransform;
  period: number;
  conformal: ConformalBand[];
}

/** Median of the steps between consecutive times; null with fewer than two rows. */
export function medianStepMs(times: Float64Array | null): number | null {
  if (!times || times.length < 2) return null;
  const steps = new Float64Array(times.length - 1);
  for (let k = 1; k < times.length; k++) steps[k - 1] = times[k] - times[k - 1];
  steps.sort();
  const step = steps[Math.floor((steps.length - 1) / 2)];
  return Number.isFinite(step) && step > 0 ? step : null;
}

export function preprocessingOf(
  kept: KeptForecastModel,
  run: Omit<ForecastPreprocessing, 'format' | 'task' | 'features' | 'inputs' | 'targetScaler'>,
): ForecastPreprocessing {
  const stats = (scaler: ZScore): ScalerStats => ({ mean: scaler.mean, std: scaler.std });
  const inputs = kept.encoders.map((encoder): SavedInput =>
    encoder.kind === 'number'
      ? { column: encoder.column, kind: 'number', ...stats(encoder.scaler) }
      : { column: encoder.column, kind: 'category', categories: [...encoder.categories] },
  );
  const transformed = kept.targetTransform !== 'none';
  return {
    format: transformed ? FORECAST_PREPROCESSING_FORMAT : 1,
    task: 'forecast',
    features: [...kept.featureNames],
    inputs,
    targetScaler: stats(kept.targetScaler),
    ...run,
    ...(transformed ? { targetTransform: kept.targetTransform, period: kept.period } : {}),
    ...(kept.conformal.length > 0 ? { conformal: kept.conformal } : {}),
  };
}

/** Writes the model files and preprocessing.json into the run's folder (preprocessing last: its presence means complete). */
export async function saveForecastRun(runDir: string, model: tf.LayersModel, preprocessing: ForecastPreprocessing): Promise<void> {
  mkdirSync(runDir, { recursive: true });
  await saveModel(model, modelDir(runDir));
  const path = preprocessingPath(runDir);
  writeFileSync(`${path}.tmp`, JSON.stringify(preprocessing, null, 2));
  renameSync(`${path}.tmp`, path);
}

export function readForecastPreprocessing(runDir: string): ForecastPreprocessing {
  const path = preprocessingPath(runDir);
  if (!existsSync(path)) {
    throw new UserError('This run has no saved model files (they may have been deleted): train the run again to get a model.');
  }
  const saved = JSON.parse(readFileSync(path, 'utf8')) as Partial<ForecastPreprocessing>;
  if (saved.task !== 'forecast') throw new UserError('This run saved a text model, not a forecast model: use a forecast run.');
  if (typeof saved.format !== 'number' || saved.format > FORECAST_PREPROCESSING_FORMAT) {
    throw new UserError(`This run's model was saved by a newer Seqlab (format ${String(saved.format)}): update Seqlab to use it.`);
  }
  return saved as ForecastPreprocessing;
}
