// Runs in: plain Node (npm run bench). Training and prediction throughput of the course's text model (IMDB reviews:
// Embedding 64 -> LSTM 64 over the first 200 words, vocabulary 10,000, batch 64), the ways the train bench measures.
import { loadavg } from 'node:os';
import type { BackendChoice } from '../../shared/model/config';
import { TEXT_DEFAULTS } from '../../shared/model/run-config';
import { loadDataset } from '../core/dataset/load-dataset';
import { createRng, identityOrder, shuffleInPlace } from '../core/rng';
import { initBackend } from '../trainer/tfjs-backend';
import { prepareText } from '../trainer/text/prepare-text';
import { registerScatterAddKernels } from '../trainer/text/scatter-add-kernel';
import { buildTextModel, MODEL_PAD, predictProbabilities } from '../trainer/text/text-model';
import { configureFusedNet, fusedNetFor, useLayerwiseFusion } from '../trainer/fused/fused-net';
import { trainTextBatch } from '../trainer/text/train-text';

const MAX_TRAIN_BATCHES = 150;
const MAX_TRAIN_SECONDS = 15;
// Op by op, each LSTM layer as one fused op inside tfjs' training step, or the whole model as one fused net.
const IMPLS = ['layers', 'fused-layers', 'fused'] as const;

// The course's text model, and the same with both directions (the padding masked: each direction reads only the
// text's words, the backward one from the last word back).
export const TEXT_MODELS = [
  { model: 'text-lstm', bidirectional: false },
  { model: 'text-lstm-bidirectional', bidirectional: true },
] as const;

export interface BenchTextOptions {
  /** Only these of TEXT_MODELS; default all. */
  models?: readonly string[];
  batchSize: number;
  backend?: BackendChoice;
  impls?: readonly string[];
  /** Thread counts for the fused net (the app's text runs use one; the bench shows what more would give). */
  threads?: readonly number[];
}

export async function benchText(csv: string, opts: BenchTextOptions): Promise<Record<string, unknown>[]> {
  const dataset = await loadDataset(csv);
  const config = { ...TEXT_DEFAULTS, datasetId: '0'.repeat(64), textColumn: 'review', labelColumn: 'sentiment', batchSize: opts.batchSize };
  const data = prepareText(dataset.strings(config.textColumn), dataset.strings(config.labelColumn), config);
  registerScatterAddKernels();
  const backend = await initBackend(opts.backend ?? 'auto');
  const classCount = data.classNames.length;
  const { train, validation } = data.parts;
  const order = shuffleInPlace(identityOrder(train.count), createRng(0));
  const records: Record<string, unknown>[] = [];
  const chosen = TEXT_MODELS.filter((spec) => !opts.models || opts.models.includes(spec.model))
    .flatMap((spec) => IMPLS.filter((name) => !opts.impls || opts.impls.includes(name)).map((impl) => ({ spec, impl })))
    .flatMap(({ spec, impl }) => (impl === 'fused' ? (opts.threads ?? [1]) : [1]).map((threads) => ({ spec, impl, threads })));
  for (const { spec, impl, threads } of chosen) {
    const model = buildTextModel({
      ...config, bidirectional: spec.bidirectional, vocabSize: data.vocabulary.words.length, classCount, fused: impl !== 'layers', threads,
    });
    if (impl === 'fused-layers') useLayerwiseFusion(model);
    else configureFusedNet(model, { seed: config.seed, threads, pad: MODEL_PAD });
    try {
      const step = (from: number, size: number) => trainTextBatch(model, train, order, from, size, config.maxLength, classCount);
      await step(0, opts.batchSize); // warm-up: kernels, optimizer slots
      let samples = 0;
      let batches = 0;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      while (batches < MAX_TRAIN_BATCHES && performance.now() - started < MAX_TRAIN_SECONDS * 1000) {
        const from = ((batches + 1) * opts.batchSize) % Math.max(1, train.count - opts.batchSize);
        await step(from, opts.batchSize);
        samples += opts.batchSize;
        batches++;
      }
      const trainSeconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const predictStarted = performance.now();
      await predictProbabilities(model, validation.ids, config.maxLength, classCount);
      const predictSeconds = (performance.now() - predictStarted) / 1000;
      records.push({
        bench: 'train',
        model: spec.model,
        impl,
        threads: impl === 'fused' ? (fusedNetFor(model)?.threads ?? 1) : 1,
        cell: config.cell,
        layers: config.layers,
        bidirectional: spec.bidirectional,
        hiddenUnits: config.hiddenUnits,
        embeddingDim: config.embeddingDim,
        maxLength: config.maxLength,
        vocabSize: data.vocabulary.words.length,
        batchSize: opts.batchSize,
        backend: backend.name,
        batchesTimed: batches,
        trainSamplesPerSecond: Math.round(samples / trainSeconds),
        trainSamplesPerCpuSecond: Math.round(samples / ((cpu.user + cpu.system) / 1e6)),
        predictSamplesPerSecond: Math.round(validation.count / predictSeconds),
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
        loadAverage: Number(loadavg()[0].toFixed(2)),
      });
    } finally {
      model.optimizer?.dispose();
      model.dispose();
    }
  }
  return records;
}
