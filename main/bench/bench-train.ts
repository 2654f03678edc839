// Runs in: plain Node (npm run bench). Training and prediction throughput of the course's models on real data.
import { loadavg } from 'node:os';
import type { BackendChoice, CellType, ForecastConfig } from '../../shared/model/config';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { initBackend } from '../trainer/tfjs-backend';
import { trainBatch } from '../trainer/fit-loop';
import type { ForecastSeries } from '../core/forecast/forecast-series';
import { buildForecastModel } from '../trainer/model';
import { predictScaled } from '../trainer/predict';
import { fusedNetFor, useLayerwiseFusion } from '../trainer/fused/fused-net';
import { prepareForecastData } from '../core/forecast/prepare-data';
import { createRng, identityOrder, shuffleInPlace } from '../core/rng';

export const TARGET = 'Temperature (C)';

/** The benches' forecast run: the app's defaults (uniform start, Adam at 0.001) on the Szeged temperature alone. */
export function benchForecastConfig(window: number, overrides: Partial<ForecastConfig> = {}): ForecastConfig {
  return { ...FORECAST_DEFAULTS, datasetId: '0'.repeat(64), target: TARGET, features: [TARGET], window, ...overrides };
}
export interface BenchModel {
  model: string;
  cell: CellType;
  layers: number;
  bidirectional?: boolean;
  dropout?: number;
}
// The course's four models, then two the form allows that once left the fused path.
export const MODELS: readonly BenchModel[] = [
  { model: 'rnn1', cell: 'SimpleRNN', layers: 1 },
  { model: 'rnn3', cell: 'SimpleRNN', layers: 3 },
  { model: 'lstm1', cell: 'LSTM', layers: 1 },
  { model: 'gru1', cell: 'GRU', layers: 1 },
  { model: 'lstm1-bidirectional', cell: 'LSTM', layers: 1, bidirectional: true },
  { model: 'lstm2-dropout', cell: 'LSTM', layers: 2, dropout: 0.2 },
];
// Bounds per model so the whole suite stays within a few minutes even at window 64 on the cpu backend. 1,000 batches
// (not 100): the fused models train 100 batches in a third of a second, too short a window on a shared machine.
const MAX_TRAIN_BATCHES = 1000;
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
  /** Thread counts to measure the fused net with (the other paths run on one thread); default [1]. */
  threads?: readonly number[];
}

/** One record per model: training samples/s (after a warm-up batch) and prediction samples/s. */
export async function benchTrain(series: ForecastSeries, opts: BenchTrainOptions): Promise<Record<string, unknown>[]> {
  const backend = await initBackend(opts.backend ?? 'auto');
  const config = benchForecastConfig(opts.window, { batchSize: opts.batchSize });
  const { sets } = prepareForecastData(series, config);
  const train = sets.train;
  const order = shuffleInPlace(identityOrder(train.count), createRng(0));
  const batchesPerEpoch = Math.ceil(train.count / opts.batchSize);
  const plannedBatches = Math.min(MAX_TRAIN_BATCHES, batchesPerEpoch * (opts.epochs ?? 1));
  const predictSet = { ...sets.validation, count: Math.min(sets.validation.count, MAX_PREDICT_WINDOWS) };

  const records: Record<string, unknown>[] = [];
  const chosen = MODELS.filter((spec) => !opts.models || opts.models.includes(spec.model))
    .flatMap((spec) => IMPLS.filter((impl) => !opts.impls || opts.impls.includes(impl)).map((impl) => ({ spec, impl })))
    // Only the whole-model net shares a batch among threads.
    .flatMap(({ spec, impl }) => (impl === 'fused' ? (opts.threads ?? [1]) : [1]).map((threads) => ({ spec, impl, threads })));
  for (const { spec, impl, threads } of chosen) {
    const model = buildForecastModel({
      fused: impl !== 'layers',
      cell: spec.cell,
      layers: spec.layers,
      hiddenUnits: 32,
      bidirectional: spec.bidirectional ?? false,
      dropout: spec.dropout ?? 0,
      window: opts.window,
      features: 1,
      horizon: 1,
      learningRate: config.learningRate,
      seed: 0,
      threads,
    });
    if (impl === 'fused-layers') useLayerwiseFusion(model);
    try {
      // The first step compiles kernels and creates the optimizer's slots: keep it out of the timing.
      await trainBatch(model, train, order, 0, Math.min(opts.batchSize, train.count));
      let samples = 0;
      let batches = 0;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      while (batches < plannedBatches && performance.now() - started < MAX_TRAIN_SECONDS * 1000) {
        const from = (batches % batchesPerEpoch) * opts.batchSize;
        const size = Math.min(opts.batchSize, train.count - from);
        await trainBatch(model, train, order, from, size);
        samples += size;
        batches++;
      }
      const trainSeconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const trainCpuSeconds = (cpu.user + cpu.system) / 1e6;

      await predictScaled(model, { ...predictSet, count: Math.min(predictSet.count, opts.batchSize) });
      // The fastest of a few passes: one pass is short enough for a neighbour's burst of work to halve it.
      let predictSeconds = Infinity;
      let predictCpuSeconds = Infinity;
      for (let r = 0; r < PREDICT_REPEATS; r++) {
        const predictStarted = performance.now();
        const predictCpu = process.cpuUsage();
        await predictScaled(model, predictSet, 1024);
        predictSeconds = Math.min(predictSeconds, (performance.now() - predictStarted) / 1000);
        const used = process.cpuUsage(predictCpu);
        predictCpuSeconds = Math.min(predictCpuSeconds, (used.user + used.system) / 1e6);
      }

      records.push({
        bench: 'train',
        model: spec.model,
        impl,
        threads: impl === 'fused' ? (fusedNetFor(model)?.threads ?? 1) : 1,
        cell: spec.cell,
        layers: spec.layers,
        hiddenUnits: 32,
        bidirectional: spec.bidirectional ?? false,
        dropout: spec.dropout ?? 0,
        window: opts.window,
        batchSize: opts.batchSize,
        backend: backend.name,
        batchesTimed: batches,
        trainSamplesPerSecond: Math.round(samples / trainSeconds),
        // Per second of CPU over every thread of the process: on a loaded machine, where wall time says little about
        // what threads gain, equal figures for 1 and 2 threads mean the split itself costs next to nothing.
        trainSamplesPerCpuSecond: Math.round(samples / trainCpuSeconds),
        predictSamplesPerSecond: Math.round(predictSet.count / predictSeconds),
        predictSamplesPerCpuSecond: Math.round(predictSet.count / predictCpuSeconds),
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
        // The machine's load while measuring: figures from a shared machine need it beside them.
        loadAverage: Number(loadavg()[0].toFixed(2)),
      });
    } finally {
      model.optimizer?.dispose();
      model.dispose();
    }
  }
  return records;
}
