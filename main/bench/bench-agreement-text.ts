// Runs in: plain Node (npm run bench -- agreement --text-csv PATH). The agreement suite for the course's text model
// (IMDB reviews: Embedding 64 -> LSTM 64, the last real word, sigmoid): forward probabilities of tfjs' layers and the
// whole-model fused net with the same weights, and test accuracy after the same epochs from the same start and batch
// order three ways. Training goes through the app's fit loop (fitBatches + trainTextBatch), scoring through
// classificationMetrics.
import { loadavg } from 'node:os';
import type * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from '../../shared/model/config';
import { TEXT_DEFAULTS } from '../../shared/model/run-config';
import { loadDataset } from '../core/dataset/load-dataset';
import { initBackend } from '../trainer/tfjs-backend';
import { fitBatches } from '../trainer/fit-loop';
import { prepareText, type TextPart } from '../trainer/text/prepare-text';
import { registerScatterAddKernels } from '../trainer/text/scatter-add-kernel';
import { buildTextModel, MODEL_PAD, predictProbabilities } from '../trainer/text/text-model';
import { trainTextBatch } from '../trainer/text/train-text';
import { classificationMetrics } from '../trainer/text/classification-metrics';
import { configureFusedNet, fusedNetFor } from '../trainer/fused/fused-net';
import { difference, disposeModel, progress, round, trainEachWay, withTrainedWeights, type Difference } from './bench-agreement';

// Validation reviews the forward pass is compared on.
const FORWARD_REVIEWS = 512;

export interface BenchAgreementTextOptions {
  epochs: number;
  backend?: BackendChoice;
  /** Both directions, the padding masked (text-lstm-bidirectional); default one direction (text-lstm). */
  bidirectional?: boolean;
  /** Only the file's first this many reviews (default all): op by op, the masked bidirectional model trains slowly. */
  reviews?: number;
}

/** The text models the suite knows, with the reviews each uses by default. */
export const TEXT_AGREEMENT_MODELS: Record<string, Pick<BenchAgreementTextOptions, 'bidirectional' | 'reviews'>> = {
  'text-lstm': {},
  // tfjs' layers train the masked bidirectional LSTM at about 20 reviews a second: 3 epochs of all 3,500 training
  // reviews would take half an hour; of 1,050 (the first 1,500 reviews' training part), about 3 minutes.
  'text-lstm-bidirectional': { bidirectional: true, reviews: 1500 },
};

export async function benchAgreementText(csv: string, opts: BenchAgreementTextOptions): Promise<Record<string, unknown>> {
  const dataset = await loadDataset(csv);
  const config = { ...TEXT_DEFAULTS, datasetId: '0'.repeat(64), textColumn: 'review', labelColumn: 'sentiment', bidirectional: opts.bidirectional ?? false };
  const name = config.bidirectional ? 'text-lstm-bidirectional' : 'text-lstm';
  const first = <T>(values: T[]) => values.slice(0, opts.reviews ?? values.length);
  const data = prepareText(first(dataset.strings(config.textColumn)), first(dataset.strings(config.labelColumn)), config);
  registerScatterAddKernels();
  const backend = await initBackend(opts.backend ?? 'auto');
  const classCount = data.classNames.length;
  const { train, validation, test } = data.parts;
  const build = (fused: boolean, threads: number) => {
    const model = buildTextModel({ ...config, vocabSize: data.vocabulary.words.length, classCount, fused });
    configureFusedNet(model, { seed: config.seed, threads, pad: MODEL_PAD });
    return model;
  };
  const probabilities = (model: tf.LayersModel, part: TextPart, count = part.count) =>
    predictProbabilities(model, part.ids.subarray(0, count * config.maxLength), config.maxLength, classCount);

  const reference = build(false, 1);
  const initial = reference.getWeights().map((w) => w.clone());
  let forward: Difference = { maxAbs: NaN, maxRel: NaN };
  let forwardTrained: Difference = { maxAbs: NaN, maxRel: NaN };
  /** A fused model given `weights` (the ones the reference holds) against the reference on the first validation reviews. */
  const forwardDifference = async (weights: tf.Tensor[]): Promise<Difference> => {
    const candidate = build(true, 1);
    try {
      candidate.setWeights(weights);
      if (fusedNetFor(candidate) === null) throw new Error('The fused text model has no whole-model net: nothing to compare');
      const count = Math.min(validation.count, FORWARD_REVIEWS);
      return difference(await probabilities(candidate, validation, count), await probabilities(reference, validation, count));
    } finally {
      disposeModel(candidate);
    }
  };
  let ways: Awaited<ReturnType<typeof trainEachWay>>;
  let forwardSeconds: number;
  try {
    const started = performance.now();
    reference.setWeights(initial);
    forward = await forwardDifference(initial);
    forwardSeconds = round((performance.now() - started) / 1000, 2);
    progress(`${name}: forward max |diff| ${forward.maxAbs.toExponential(2)}, relative ${forward.maxRel.toExponential(2)}`);

    ways = await trainEachWay(
      name, reference, initial, build,
      async (model, way) => {
        progress(`${name}: training ${way.key}, ${opts.epochs} epochs of ${train.count} reviews`);
        const fit = await fitBatches(
          model,
          { count: train.count, step: (order, from, size) => trainTextBatch(model, train, order, from, size, config.maxLength, classCount) },
          // No validation pass: only the test score is compared, and op by op each pass costs as much as an epoch's tenth.
          async () => null,
          { epochs: opts.epochs, batchSize: config.batchSize, seed: config.seed },
          { onEpoch: (m) => progress(`${name} ${way.key}: epoch ${m.epoch}/${opts.epochs}, loss ${m.loss.toFixed(4)}, ${m.seconds.toFixed(1)} s`) },
        );
        const accuracy = classificationMetrics(test.labels, await probabilities(model, test), data.classNames).accuracy;
        return { score: accuracy, seconds: fit.seconds };
      },
      // Again with the weights tfjs' layers ended training with.
      async () => {
        forwardTrained = await withTrainedWeights(reference, forwardDifference);
      },
    );
  } finally {
    disposeModel(reference);
    initial.forEach((w) => w.dispose());
  }
  return {
    bench: 'agreement',
    model: name,
    // Class probabilities of tfjs' layers vs the fused net with the same weights, FORWARD_REVIEWS reviews.
    forwardMaxAbsDiff: forward.maxAbs,
    forwardMaxRelDiff: forward.maxRel,
    forwardReviews: Math.min(validation.count, FORWARD_REVIEWS),
    forwardAfterTraining: { maxAbsDiff: forwardTrained.maxAbs, maxRelDiff: forwardTrained.maxRel },
    testAccuracy: ways.scores,
    fused2Threads: ways.fused2Threads,
    epochs: opts.epochs,
    maxLength: config.maxLength,
    trainReviews: train.count,
    testReviews: test.count,
    backend: backend.name,
    seconds: { forward: forwardSeconds, ...ways.seconds },
    loadAverage: Number(loadavg()[0].toFixed(2)),
  };
}
