// Runs in: trainer process (plain Node). One forecast run on in-memory columns: data -> windows -> model -> fit -> metrics.
import * as tf from '@tensorflow/tfjs';
import type { BackendName, EpochMetrics, ForecastConfig, ForecastMetrics, PredictionSeries } from '../../shared/api';
import { initBackend } from './backend';
import { persistenceForecast } from './baselines';
import { fitWindows, type TrainHooks } from './fit-loop';
import type { ForecastSeries } from './forecast-series';
import { forecastMetrics } from './metrics';
import { buildForecastModel } from './model';
import { predictScaled } from './predict';
import { prepareForecastData } from './prepare-data';
import { invertZScore, type ZScore } from './scaling';
import { windowTruth, type WindowSet } from './windowing';

export type { ForecastSeries } from './forecast-series';
export type { TrainHooks } from './fit-loop';

export interface ForecastResult {
  status: 'completed' | 'stopped';
  backend: BackendName;
  epochs: EpochMetrics[];
  /** Over every step of the horizon of every window, in the target's original units. MAPE in percent. */
  metrics: { validation: ForecastMetrics; test: ForecastMetrics };
  /** Scored on the very same test windows as the model. */
  baselines: { persistence: ForecastMetrics };
  validationBaselines: { persistence: ForecastMetrics };
  /** Test range, original units, the FIRST step of the horizon of each window (one point per target time). */
  predictions: PredictionSeries;
  /** Wall time of the training loop, per-epoch validation included. */
  trainSeconds: number;
  /** Training windows per second of training steps (validation excluded). */
  trainSamplesPerSecond: number;
  samples: { train: number; validation: number; test: number };
  /** What the data did to the run, e.g. windows skipped for missing values. */
  findings: string[];
  /** Why the backend differs from the one asked for, or why faster ones were unavailable. */
  backendNotes: string[];
}

interface Scored {
  metrics: ForecastMetrics;
  persistence: ForecastMetrics;
  truth: Float64Array;
  predicted: Float64Array;
  naive: Float64Array;
}

async function score(
  model: tf.LayersModel,
  set: WindowSet,
  target: Float64Array,
  scaler: ZScore,
  scaledPredictions: Float32Array | null = null,
): Promise<Scored> {
  const predicted = invertZScore(scaledPredictions ?? (await predictScaled(model, set)), scaler);
  const truth = windowTruth(target, set.firstTargetRow, set.horizon);
  const naive = persistenceForecast(target, set.firstTargetRow, set.horizon);
  return {
    metrics: forecastMetrics(truth, predicted),
    persistence: forecastMetrics(truth, naive),
    truth,
    predicted,
    naive,
  };
}

function firstSteps(values: Float64Array, horizon: number): number[] {
  const out = new Array<number>(values.length / horizon);
  for (let n = 0; n < out.length; n++) out[n] = values[n * horizon];
  return out;
}

function predictionSeries(scored: Scored, set: WindowSet, times: Float64Array | null): PredictionSeries {
  return {
    times: times ? Array.from(set.firstTargetRow, (row) => times[row]) : null,
    truth: firstSteps(scored.truth, set.horizon),
    predicted: firstSteps(scored.predicted, set.horizon),
    persistence: firstSteps(scored.naive, set.horizon),
  };
}

export async function trainForecast(
  series: ForecastSeries,
  config: ForecastConfig,
  hooks: TrainHooks = {},
): Promise<ForecastResult> {
  const data = prepareForecastData(series, config);
  const backend = await initBackend(config.backend);
  const { train, validation, test } = data.sets;

  const model = buildForecastModel({
    cell: config.cell,
    layers: config.layers,
    hiddenUnits: config.hiddenUnits,
    bidirectional: config.bidirectional,
    window: config.window,
    features: data.featureNames.length,
    horizon: config.horizon,
    learningRate: config.learningRate,
    seed: config.seed,
  });
  try {
    const fit = await fitWindows(
      model,
      train,
      validation,
      { epochs: config.epochs, batchSize: config.batchSize, seed: config.seed },
      hooks,
    );
    const validationScore = await score(model, validation, data.target, data.targetScaler, fit.validationPredictions);
    const testScore = await score(model, test, data.target, data.targetScaler);
    return {
      status: fit.stopped ? 'stopped' : 'completed',
      backend: backend.name,
      epochs: fit.epochs,
      metrics: { validation: validationScore.metrics, test: testScore.metrics },
      baselines: { persistence: testScore.persistence },
      validationBaselines: { persistence: validationScore.persistence },
      predictions: predictionSeries(testScore, test, series.times),
      trainSeconds: fit.seconds,
      trainSamplesPerSecond: fit.stepSeconds > 0 ? fit.samplesTrained / fit.stepSeconds : 0,
      samples: { train: train.count, validation: validation.count, test: test.count },
      findings: data.findings,
      backendNotes: backend.notes,
    };
  } finally {
    // compile() was handed an optimizer instance, which model.dispose() leaves alone: free its slots too.
    model.optimizer?.dispose();
    model.dispose();
  }
}
