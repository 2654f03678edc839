// Runs in: trainer process (plain Node). One text-classification run on in-memory cells:
// prepare -> Embedding/RNN model -> shared fit loop -> metrics beside the majority and bag-of-words baselines.
import * as tf from '@tensorflow/tfjs';
import type { BackendName, TextConfig } from '../../../shared/model/config';
import type { ClassificationMetrics, EpochMetrics } from '../../../shared/model/metrics';
import { initBackend } from '../tfjs-backend';
import { fitBatches, type TrainHooks } from '../fit-loop';
import { classificationMetrics, crossEntropy } from './classification-metrics';
import { prepareText, type PreparedText, type TextPart } from './prepare-text';
import { RESERVED } from '../../core/text/vocabulary';
import { registerScatterAddKernels } from './scatter-add-kernel';
import { BOW_DEFAULTS, majorityProbabilities, trainBagOfWords } from './text-baselines';
import { buildTextModel, embeddingRows, predictProbabilities } from './text-model';
import { TEXT_DEFAULTS } from '../../../shared/model/run-config';
import { computationNote, fusedNetFor } from '../fused/fused-net';
import { resolveThreads } from '../fused/kernel-threads';
import { configBatchWork } from '../../core/batch-work';

export interface TextResult {
  status: 'completed' | 'stopped';
  backend: BackendName;
  epochs: EpochMetrics[];
  classNames: string[];
  metrics: { validation: ClassificationMetrics; test: ClassificationMetrics };
  baselines: { majority: ClassificationMetrics; bagOfWords: ClassificationMetrics };
  vocabularySize: number;
  /** The 1-based epoch whose weights the model kept (the best one with early stopping); null after a mid-epoch stop. */
  bestEpoch: number | null;
  stoppedEarly: boolean;
  trainSeconds: number;
  trainSamplesPerSecond: number;
  samples: { train: number; validation: number; test: number };
  findings: string[];
  backendNotes: string[];
}

function batchArrays(part: TextPart, order: Uint32Array, from: number, size: number, maxLength: number, classCount: number) {
  const x = new Int32Array(size * maxLength);
  const binary = classCount === 2;
  const y = new Float32Array(size * (binary ? 1 : classCount));
  for (let b = 0; b < size; b++) {
    const row = order[from + b];
    x.set(part.ids.subarray(row * maxLength, (row + 1) * maxLength), b * maxLength);
    if (binary) y[b] = part.labels[row];
    else y[b * classCount + part.labels[row]] = 1;
  }
  return { x, y, width: binary ? 1 : classCount };
}

/** One optimizer step on the texts order[from, from + size) of `part`; returns the batch's mean loss. */
export async function trainTextBatch(
  model: tf.LayersModel, part: TextPart, order: Uint32Array, from: number, size: number, maxLength: number, classCount: number,
): Promise<number> {
  const { x, y, width } = batchArrays(part, order, from, size, maxLength, classCount);
  // The whole model in the fused kernels where it is one they cover (the form's text models), else tfjs' training step.
  const net = fusedNetFor(model);
  if (net) return net.trainStep(x, y, size);
  const xs = tf.tensor2d(x, [size, maxLength], 'int32');
  const ys = tf.tensor2d(y, [size, width]);
  try {
    return (await model.trainOnBatch(xs, ys)) as number;
  } finally {
    tf.dispose([xs, ys]);
  }
}

/** What a caller may keep from the trained model before it is freed (the text job saves it). */
export interface KeptTextModel {
  model: tf.LayersModel;
  data: PreparedText;
  /** Test probabilities of the kept model, test.count x classCount, row-major. */
  testProbabilities: Float32Array;
  /** Embedding rows of `snapshotIds`, right after the model was built (before any update). */
  embeddingBefore: number[][];
  /** The ids whose rows embeddingBefore holds: the most frequent training words. */
  snapshotIds: number[];
}

/** Words the embedding snapshot keeps: the most frequent training words ([UNK] and [PAD] left out). */
export const SNAPSHOT_WORDS = 1000;

function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function trainText(
  cells: { texts: (string | null)[]; labels: (string | null)[] },
  config: TextConfig,
  hooks: TrainHooks = {},
  onKept?: (kept: KeptTextModel) => Promise<void>,
  /** The cores 'auto' threads may use (the training manager's share for this run); default the machine's. */
  cores?: number,
): Promise<TextResult> {
  const data = prepareText(cells.texts, cells.labels, config);
  // Configs logged before the training-control fields existed lack them; they trained with these defaults.
  // TEXT_DEFAULTS sets every optional field, so the merge has them all.
  const control = { ...TEXT_DEFAULTS, ...definedFields(config) } as Required<TextConfig>;
  const { train, validation, test } = data.parts;
  const classCount = data.classNames.length;
  registerScatterAddKernels();
  const backend = await initBackend(config.backend);
  hooks.onBackend?.(backend.name, backend.notes);

  // 'auto' keeps a model whose batches are too small to share on fewer threads, and says so in the findings.
  const threads = resolveThreads(config.threads ?? 1, cores, configBatchWork(config));
  const model = buildTextModel({
    ...config,
    optimizer: control.optimizer,
    dropout: control.dropout,
    recurrentDropout: control.recurrentDropout,
    vocabSize: data.vocabulary.words.length,
    classCount,
    // Runs logged before the setting trained on one thread (so not control's default, 'auto').
    threads: threads.threads,
  });
  // Vocabulary ids are in falling frequency after the two reserved ones.
  const snapshotIds = Array.from({ length: Math.min(SNAPSHOT_WORDS, data.vocabulary.words.length - RESERVED.length) }, (_, i) => i + RESERVED.length);
  try {
    const embeddingBefore = onKept ? embeddingRows(model, snapshotIds) : [];
    let validationProbabilities: Float32Array | null = null;
    const fit = await fitBatches(
      model,
      {
        count: train.count,
        step: (order, from, size) => trainTextBatch(model, train, order, from, size, config.maxLength, classCount),
      },
      async () => {
        validationProbabilities = await predictProbabilities(model, validation.ids, config.maxLength, classCount);
        return crossEntropy(validation.labels, validationProbabilities, classCount);
      },
      {
        epochs: config.epochs,
        batchSize: config.batchSize,
        seed: config.seed,
        ...(control.earlyStopping ? { earlyStopping: { patience: control.patience, minDelta: control.minDelta } } : {}),
      },
      hooks,
    );
    // The last validation pass describes the final weights; after a stop or an early-stopping restore, other ones.
    const current = !fit.stopped && fit.bestEpoch === fit.epochs.at(-1)?.epoch;
    const validationScores = current && validationProbabilities
      ? validationProbabilities
      : await predictProbabilities(model, validation.ids, config.maxLength, classCount);
    const testScores = await predictProbabilities(model, test.ids, config.maxLength, classCount);
    await onKept?.({ model, data, testProbabilities: testScores, embeddingBefore, snapshotIds });
    const findings = [...data.findings, computationNote(model), ...(threads.note ? [threads.note] : [])];
    if (fit.stoppedEarly) {
      findings.push(
        `Early stopping: the validation loss did not improve for ${control.patience} epochs after epoch ${fit.bestEpoch}, ` +
          `so training ended at epoch ${fit.epochs.length} with epoch ${fit.bestEpoch}'s weights.`,
      );
    }

    const bow = trainBagOfWords(
      { docs: train.bags, labels: train.labels },
      { docs: validation.bags, labels: validation.labels },
      { vocabSize: data.vocabulary.words.length, classCount, seed: config.seed, ...BOW_DEFAULTS },
    );
    return {
      status: fit.stopped ? 'stopped' : 'completed',
      backend: backend.name,
      epochs: fit.epochs,
      classNames: data.classNames,
      metrics: {
        validation: classificationMetrics(validation.labels, validationScores, data.classNames),
        test: classificationMetrics(test.labels, testScores, data.classNames),
      },
      baselines: {
        majority: classificationMetrics(test.labels, majorityProbabilities(train.labels, classCount, test.count), data.classNames),
        bagOfWords: classificationMetrics(test.labels, bow.predict(test.bags), data.classNames),
      },
      vocabularySize: data.vocabulary.words.length,
      bestEpoch: fit.bestEpoch,
      stoppedEarly: fit.stoppedEarly,
      trainSeconds: fit.seconds,
      trainSamplesPerSecond: fit.stepSeconds > 0 ? fit.samplesTrained / fit.stepSeconds : 0,
      samples: { train: train.count, validation: validation.count, test: test.count },
      findings,
      backendNotes: backend.notes,
    };
  } finally {
    model.optimizer?.dispose();
    model.dispose();
  }
}
