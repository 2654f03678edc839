// Runs in: trainer process (plain Node). One forecast run on in-memory columns: data -> windows -> model -> fit -> metrics.
import type { BackendName, ForecastConfig } from '../../shared/model/config';
import type { BaselineName, ConformalBand, EpochMetrics, ForecastMetrics, ForecastRunMetrics } from '../../shared/model/metrics';
import type { PredictionSeries } from '../../shared/model/run';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { MissingReport, TimeGapReport } from '../../shared/model/forecast-data';
import { initBackend } from './tfjs-backend';
import { createEvaluationContext, evaluateWindows, skillAgainstBest, type Evaluation } from './evaluate';
import { fitWindows, type TrainHooks } from './fit-loop';
import type { ForecastSeries } from '../core/forecast/forecast-series';
import { computationNote } from './fused/fused-net';
import { resolveThreads } from './fused/kernel-threads';
import { configBatchWork } from '../core/batch-work';
import { buildForecastModel, forecastModelSpec } from './model';
import { predictScaled } from './predict';
import { prepareForecastData } from '../core/forecast/prepare-data';
import type { KeptForecastModel } from './predict/forecast-preprocessing';
import { invertZScore } from '../core/forecast/scaling';
import type { WindowSet } from '../core/forecast/windowing';
import { conformalBands, intervalBounds, scoreIntervals } from '../core/forecast/conformal';
import { untransformForecasts } from '../core/forecast/target-transform';

export type { ForecastSeries } from '../core/forecast/forecast-series';
export type { TrainHooks } from './fit-loop';

export interface ForecastResult {
  status: 'completed' | 'stopped';
  backend: BackendName;
  epochs: EpochMetrics[];
  /** Over every step of the horizon of every window, in the target's original units. MAPE in percent. */
  metrics: { validation: ForecastMetrics; test: ForecastMetrics };
  /** Scored on the very same test windows as the model. */
  baselines: Record<BaselineName, ForecastMetrics>;
  validationBaselines: Record<BaselineName, ForecastMetrics>;
  /** The best baseline on the test windows (lowest MAE) and the model's skill against it. */
  skill: NonNullable<ForecastRunMetrics['skill']>;
  /** Steps per season (seasonal naive, MASE), from the data's frequency. */
  seasonalPeriod: number;
  /** The epoch whose weights were kept and scored (null: a stop mid-epoch without early stopping). */
  bestEpoch: number | null;
  stoppedEarly: boolean;
  /** Test range, original units, the FIRST step of the horizon of each window (one point per target time). */
  predictions: PredictionSeries;
  /** Wall time of the training loop, per-epoch validation included. */
  trainSeconds: number;
  /** Training windows per second of training steps (validation excluded). */
  trainSamplesPerSecond: number;
  samples: { train: number; validation: number; test: number };
  /** What the data did to the run, e.g. windows skipped for missing values. */
  findings: string[];
  /** What each column's missing-value policy touched, and the windows lost to gaps in time. */
  missing: MissingReport[];
  timeGaps: TimeGapReport;
  /** Why the backend differs from the one asked for, or why faster ones were unavailable. */
  backendNotes: string[];
  /** Split-conformal half-widths per level and step, from the validation windows (empty without intervals). */
  conformal: ConformalBand[];
}

function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function firstSteps(values: Float64Array, horizon: number): number[] {
  const out = new Array<number>(values.length / horizon);
  for (let n = 0; n < out.length; n++) out[n] = values[n * horizon];
  return out;
}

function predictionSeries(scored: Evaluation, set: WindowSet, times: Float64Array | null, bands: ConformalBand[]): PredictionSeries {
  const truth = firstSteps(scored.truth, set.horizon);
  const predicted = firstSteps(scored.predicted, set.horizon);
  const series: PredictionSeries = {
    times: times ? Array.from(set.firstTargetRow, (row) => times[row]) : null,
    truth,
    predicted,
    persistence: firstSteps(scored.persistence, set.horizon),
    residuals: truth.map((t, i) => t - predicted[i]),
  };
  if (bands.length > 0) {
    series.intervals = bands.map((band) => ({ level: band.level, ...intervalBounds(predicted, 1, { level: band.level, halfWidth: [band.halfWidth[0]] }) }));
  }
  return series;
}

export async function trainForecast(
  series: ForecastSeries,
  config: ForecastConfig,
  hooks: TrainHooks = {},
  /** Called with the kept (scored) model before it is freed, e.g. to save it. */
  keep?: (kept: KeptForecastModel) => Promise<void>,
  /** The cores 'auto' threads may use (the training manager's share for this run); default the machine's. */
  cores?: number,
): Promise<ForecastResult> {
  const data = prepareForecastData(series, config);
  // Configs logged before the training-control fields existed lack them; they trained with these defaults.
  const control = { ...FORECAST_DEFAULTS, ...definedFields(config) };
  const backend = await initBackend(config.backend);
  hooks.onBackend?.(backend.name, backend.notes);
  const { train, validation, test } = data.sets;

  // 'auto' keeps a model whose batches are too small to share on fewer threads, and says so in the findings.
  const threads = resolveThreads(config.threads ?? 1, cores, configBatchWork(config, data.featureNames.length));
  const model = buildForecastModel({
    ...forecastModelSpec({ ...config, ...control, initializer: config.initializer }, data.featureNames.length),
    // Runs logged before the setting trained on one thread.
    threads: threads.threads,
  });
  try {
    const fit = await fitWindows(
      model,
      train,
      validation,
      {
        epochs: config.epochs,
        batchSize: config.batchSize,
        seed: config.seed,
        ...(control.earlyStopping ? { earlyStopping: { patience: control.patience, minDelta: control.minDelta } } : {}),
      },
      hooks,
    );
    // The linear baseline learns from every training window, whatever the stride the model trained with.
    const evaluation = createEvaluationContext(data.target, { ...train, firstTargetRow: data.baselineTrainRows }, data.split.train, series.frequency);
    // Back to original units: undo the scaling, then the target transform (from the observed past of each window).
    const originalUnits = (scaled: Float32Array, set: WindowSet) =>
      untransformForecasts(data.targetTransform, invertZScore(scaled, data.targetScaler), data.target, set.firstTargetRow, set.horizon, data.period);
    const validationPredicted = originalUnits(fit.validationPredictions ?? (await predictScaled(model, validation)), validation);
    const validationScore = evaluateWindows(evaluation, validation, validationPredicted);
    const testScore = evaluateWindows(evaluation, test, originalUnits(await predictScaled(model, test), test));
    // Split-conformal intervals: calibrated on validation (never seen by the fit), checked on test.
    const conformal = conformalBands(validationScore.truth, validationScore.predicted, config.horizon, control.intervals);
    if (conformal.length > 0) testScore.metrics.intervals = scoreIntervals(testScore.truth, testScore.predicted, config.horizon, conformal);
    await keep?.({
      model,
      featureNames: data.featureNames,
      targetScaler: data.targetScaler,
      encoders: data.encoders,
      targetTransform: data.targetTransform,
      period: data.period,
      conformal,
    });
    const findings = [...data.findings, computationNote(model), ...(threads.note ? [threads.note] : [])];
    if (fit.stoppedEarly) {
      findings.push(
        `Early stopping: the validation loss did not improve for ${control.patience} epochs after epoch ${fit.bestEpoch}, ` +
          `so training ended at epoch ${fit.epochs.length} with epoch ${fit.bestEpoch}'s weights.`,
      );
    }
    const fallbacks = validationScore.seasonalFallbacks + testScore.seasonalFallbacks;
    if (fallbacks > 0) {
      findings.push(
        `Seasonal naive used the last value instead for ${fallbacks} windows whose value one season (${evaluation.period} steps) earlier is missing.`,
      );
    }
    return {
      status: fit.stopped ? 'stopped' : 'completed',
      backend: backend.name,
      epochs: fit.epochs,
      metrics: { validation: validationScore.metrics, test: testScore.metrics },
      baselines: testScore.baselines,
      validationBaselines: validationScore.baselines,
      skill: skillAgainstBest(testScore.metrics, testScore.baselines)!,
      seasonalPeriod: evaluation.period,
      bestEpoch: fit.bestEpoch,
      stoppedEarly: fit.stoppedEarly,
      predictions: predictionSeries(testScore, test, series.times, conformal),
      trainSeconds: fit.seconds,
      trainSamplesPerSecond: fit.stepSeconds > 0 ? fit.samplesTrained / fit.stepSeconds : 0,
      samples: { train: train.count, validation: validation.count, test: test.count },
      findings,
      missing: data.missing,
      timeGaps: data.timeGaps,
      backendNotes: backend.notes,
      conformal,
    };
  } finally {
    // compile() was handed an optimizer instance, which model.dispose() leaves alone: free its slots too.
    model.optimizer?.dispose();
    model.dispose();
  }
}
