// Runs in: plain Node (npm run bench). Training and prediction throughput of the course's models on real data.
import type { BackendChoice, CellType, ForecastConfig } from '../../shared/model/config';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { initBackend } from '../trainer/tfjs-backend';
import { trainBatch } from '../trainer/fit-loop';
import type { ForecastSeries } from '../core/forecast/forecast-series';
import { buildForecastModel } from '../trainer/model';
import { predictScaled } from '../trainer/predict';
import { useLayerwiseFusion } from '../trainer/fused/fused-net';
import { prepareForecastData } from '../core/forecast/prepare-data';
import { createRng, identityOrder, shuffleInPlace } from '../core/rng';

const TARGET = 'Temperature (C)';
const MODELS: readonly { model: string; cell: CellType; layers: number }[] = [
  { model: 'rnn1', cell: 'SimpleRNN', layers: 1 },
  { model: 'rnn3', cell: 'SimpleRNN', layers: 3 },
  { model: 'lstm1', cell: 'LSTM', layers: 1 },
  { model: 'gru1', cell: 'GRU', layers: 1 },
];
// Bounds per model so the whole suite stays within a few minutes even at window 64 on the cpu backend.
const MAX_TRAIN_BATCHES = 100;
const MAX_TRAIN_SECONDS = 10;
const MAX_PREDICT_WINDOWS = 8192;
// Each model three ways, in the same run: op by op (tfjs' own layers), one fused op per recurrent layer inside
// tfjs' training step (fused-layers), and the whole model as one fused net (fused: the app's default path).
const IMPLS = ['layers', 'fused-layers', 'fused'] as const;
const PREDICT_REPEATS = 3;

export interface BenchTrainOptions {
  window: number;
  batchSize: number;
  /** Epochs of training batches to time, capped at MAX_TRAIN_BATCHES / MAX_TRAIN_SECONDS. Default 1. */
  epochs?: number;
  backend?: BackendChoice;
  /** Only these models (rnn1, rnn3, lstm1, gru1); default all. */
  models?: readonly string[];
  /** Only these implementations (layers, fused-layers, fused); default all. */
  impls?: readonly string[];
}

/** One record per model: training samples/s (after a warm-up batch) and prediction samples/s. */
export async function benchTrain(series: ForecastSeries, opts: BenchTrainOptions): Promise<Record<string, unknown>[]> {
  const backend = await initBackend(opts.backend ?? 'auto');
  const config: ForecastConfig = {
    ...FORECAST_DEFAULTS,
    datasetId: '0'.repeat(64),
    target: TARGET,
    features: [TARGET],
    window: opts.window,
    batchSize: opts.batchSize,
  };
  const { sets } = prepareForecastData(series, config);
  const train = sets.train;
  const order = shuffleInPlace(identityOrder(train.count), createRng(0));
  const batchesPerEpoch = Math.ceil(train.count / opts.batchSize);
  const plannedBatches = Math.min(MAX_TRAIN_BATCHES, batchesPerEpoch * (opts.epochs ?? 1));
  const predictSet = { ...sets.validation, count: Math.min(sets.validation.count, MAX_PREDICT_WINDOWS) };

  const records: Record<string, unknown>[] = [];
  const chosen = MODELS.filter((spec) => !opts.models || opts.models.includes(spec.model))
    .flatMap((spec) => IMPLS.filter((impl) => !opts.impls || opts.impls.includes(impl)).map((impl) => ({ spec, impl })));
  for (const { spec, impl } of chosen) {
    const model = buildForecastModel({
      fused: impl !== 'layers',
      cell: spec.cell,
      layers: spec.layers,
      hiddenUnits: 32,
      bidirectional: false,
      window: opts.window,
      features: 1,
      horizon: 1,
      learningRate: config.learningRate,
      seed: 0,
    });
    if (impl === 'fused-layers') useLayerwiseFusion(model);
    try {
      // The first step compiles kernels and creates the optimizer's slots: keep it out of the timing.
      await trainBatch(model, train, order, 0, Math.min(opts.batchSize, train.count));
      let samples = 0;
      let batches = 0;
      const started = performance.now();
      while (batches < plannedBatches && performance.now() - started < MAX_TRAIN_SECONDS * 1000) {
        const from = (batches % batchesPerEpoch) * opts.batchSize;
        const size = Math.min(opts.batchSize, train.count - from);
        await trainBatch(model, train, order, from, size);
        samples += size;
        batches++;
      }
      const trainSeconds = (performance.now() - started) / 1000;

      await predictScaled(model, { ...predictSet, count: Math.min(predictSet.count, opts.batchSize) });
      // The fastest of a few passes: one pass is short enough for a neighbour's burst of work to halve it.
      let predictSeconds = Infinity;
      for (let r = 0; r < PREDICT_REPEATS; r++) {
        const predictStarted = performance.now();
        await predictScaled(model, predictSet, 1024);
        predictSeconds = Math.min(predictSeconds, (performance.now() - predictStarted) / 1000);
      }

      records.push({
        bench: 'train',
        model: spec.model,
        impl,
        cell: spec.cell,
        layers: spec.layers,
        hiddenUnits: 32,
        window: opts.window,
        batchSize: opts.batchSize,
        backend: backend.name,
        batchesTimed: batches,
        trainSamplesPerSecond: Math.round(samples / trainSeconds),
        predictSamplesPerSecond: Math.round(predictSet.count / predictSeconds),
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      });
    } finally {
      model.optimizer?.dispose();
      model.dispose();
    }
  }
  return records;
}
