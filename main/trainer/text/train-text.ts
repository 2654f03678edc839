// Runs in: trainer process (plain Node). One text-classification run on in-memory cells:
// prepare -> Embedding/RNN model -> shared fit loop -> metrics beside the majority and bag-of-words baselines.
import * as tf from '@tensorflow/tfjs';
import type { BackendName, ClassificationMetrics, EpochMetrics, TextConfig } from '../../../shared/api';
import { initBackend } from '../backend';
import { fitBatches, type TrainHooks } from '../fit-loop';
import { classificationMetrics, crossEntropy } from './classification-metrics';
import { prepareText, type TextPart } from './prepare-text';
import { registerScatterAddKernels } from './scatter-add-kernel';
import { BOW_DEFAULTS, majorityProbabilities, trainBagOfWords } from './text-baselines';
import { buildTextModel, predictProbabilities } from './text-model';

export interface TextResult {
  status: 'completed' | 'stopped';
  backend: BackendName;
  epochs: EpochMetrics[];
  classNames: string[];
  metrics: { validation: ClassificationMetrics; test: ClassificationMetrics };
  baselines: { majority: ClassificationMetrics; bagOfWords: ClassificationMetrics };
  vocabularySize: number;
  trainSeconds: number;
  trainSamplesPerSecond: number;
  samples: { train: number; validation: number; test: number };
  findings: string[];
  backendNotes: string[];
}

function batchTensors(part: TextPart, order: Uint32Array, from: number, size: number, maxLength: number, classCount: number) {
  const x = new Int32Array(size * maxLength);
  const binary = classCount === 2;
  const y = new Float32Array(size * (binary ? 1 : classCount));
  for (let b = 0; b < size; b++) {
    const row = order[from + b];
    x.set(part.ids.subarray(row * maxLength, (row + 1) * maxLength), b * maxLength);
    if (binary) y[b] = part.labels[row];
    else y[b * classCount + part.labels[row]] = 1;
  }
  return {
    xs: tf.tensor2d(x, [size, maxLength], 'int32'),
    ys: tf.tensor2d(y, [size, binary ? 1 : classCount]),
  };
}

export async function trainText(
  cells: { texts: (string | null)[]; labels: (string | null)[] },
  config: TextConfig,
  hooks: TrainHooks = {},
): Promise<TextResult> {
  const data = prepareText(cells.texts, cells.labels, config);
  const { train, validation, test } = data.parts;
  const classCount = data.classNames.length;
  registerScatterAddKernels();
  const backend = await initBackend(config.backend);
  hooks.onBackend?.(backend.name, backend.notes);

  const model = buildTextModel({
    ...config,
    vocabSize: data.vocabulary.words.length,
    classCount,
  });
  try {
    let validationProbabilities: Float32Array | null = null;
    const fit = await fitBatches(
      model,
      {
        count: train.count,
        step: async (order, from, size) => {
          const { xs, ys } = batchTensors(train, order, from, size, config.maxLength, classCount);
          try {
            return (await model.trainOnBatch(xs, ys)) as number;
          } finally {
            tf.dispose([xs, ys]);
          }
        },
      },
      async () => {
        validationProbabilities = await predictProbabilities(model, validation.ids, config.maxLength, classCount);
        return crossEntropy(validation.labels, validationProbabilities, classCount);
      },
      { epochs: config.epochs, batchSize: config.batchSize, seed: config.seed },
      hooks,
    );
    const validationScores = fit.stopped || !validationProbabilities
      ? await predictProbabilities(model, validation.ids, config.maxLength, classCount)
      : validationProbabilities;
    const testScores = await predictProbabilities(model, test.ids, config.maxLength, classCount);

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
      trainSeconds: fit.seconds,
      trainSamplesPerSecond: fit.stepSeconds > 0 ? fit.samplesTrained / fit.stepSeconds : 0,
      samples: { train: train.count, validation: validation.count, test: test.count },
      findings: data.findings,
      backendNotes: backend.notes,
    };
  } finally {
    model.optimizer?.dispose();
    model.dispose();
  }
}
