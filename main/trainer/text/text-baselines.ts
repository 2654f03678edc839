// Runs in: trainer process (plain Node). The two reference classifiers scored on the model's very test rows:
// the majority class, and a bag-of-words logistic (softmax) regression, a strong and honest baseline for sentiment.
import { createRng, identityOrder, shuffleInPlace } from '../../core/rng';

export interface SparseDocument {
  /** Distinct word ids present in the document (UNK excluded). */
  ids: Int32Array;
}

/** Probabilities (n x classCount) that always name the most frequent training class. */
export function majorityProbabilities(trainLabels: ArrayLike<number>, classCount: number, n: number): Float32Array {
  const counts = new Array<number>(classCount).fill(0);
  for (let i = 0; i < trainLabels.length; i++) counts[trainLabels[i]]++;
  const majority = counts.indexOf(Math.max(...counts));
  const out = new Float32Array(n * classCount);
  for (let i = 0; i < n; i++) out[i * classCount + majority] = 1;
  return out;
}

/** Word-presence features scaled to unit length, so long and short reviews weigh alike. */
export function sparseDocument(tokenIds: Int32Array, reservedBelow: number): SparseDocument {
  const ids = new Set<number>();
  for (const id of tokenIds) if (id >= reservedBelow) ids.add(id);
  return { ids: Int32Array.from(ids) };
}

export interface BowOptions {
  vocabSize: number;
  classCount: number;
  /** Passes over the training rows; the pass with the best validation accuracy is kept. */
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const BOW_DEFAULTS = { epochs: 15, learningRate: 0.5, l2: 1e-5 };

export class BagOfWordsModel {
  private weights: Float32Array;
  private bias: Float32Array;

  constructor(
    private readonly vocabSize: number,
    private readonly classCount: number,
  ) {
    this.weights = new Float32Array(vocabSize * classCount);
    this.bias = new Float32Array(classCount);
  }

  /** Softmax probabilities of one document into `out` (length classCount). */
  private forward(doc: SparseDocument, out: Float64Array): void {
    const K = this.classCount;
    const scale = doc.ids.length === 0 ? 0 : 1 / Math.sqrt(doc.ids.length);
    for (let k = 0; k < K; k++) out[k] = this.bias[k];
    for (const id of doc.ids) for (let k = 0; k < K; k++) out[k] += this.weights[id * K + k] * scale;
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, out[k]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += out[k] = Math.exp(out[k] - max);
    for (let k = 0; k < K; k++) out[k] /= sum;
  }

  predict(docs: SparseDocument[]): Float32Array {
    const K = this.classCount;
    const out = new Float32Array(docs.length * K);
    const p = new Float64Array(K);
    docs.forEach((doc, i) => {
      this.forward(doc, p);
      for (let k = 0; k < K; k++) out[i * K + k] = p[k];
    });
    return out;
  }

  /** One pass of plain SGD on the cross-entropy, with a lazily applied L2 shrink (cheap on sparse rows). */
  trainEpoch(docs: SparseDocument[], labels: ArrayLike<number>, order: Uint32Array, learningRate: number, l2: number): void {
    const K = this.classCount;
    const p = new Float64Array(K);
    for (const i of order) {
      const doc = docs[i];
      this.forward(doc, p);
      const scale = doc.ids.length === 0 ? 0 : 1 / Math.sqrt(doc.ids.length);
      for (let k = 0; k < K; k++) {
        const g = p[k] - (labels[i] === k ? 1 : 0);
        this.bias[k] -= learningRate * g;
        for (const id of doc.ids) {
          const w = id * K + k;
          this.weights[w] -= learningRate * (g * scale + l2 * this.weights[w]);
        }
      }
    }
  }

  snapshot(): { weights: Float32Array; bias: Float32Array } {
    return { weights: this.weights.slice(), bias: this.bias.slice() };
  }

  restore(state: { weights: Float32Array; bias: Float32Array }): void {
    this.weights = state.weights.slice();
    this.bias = state.bias.slice();
  }
}

function accuracy(probabilities: Float32Array, labels: ArrayLike<number>, K: number): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (probabilities[i * K + k] > probabilities[i * K + best]) best = k;
    if (best === labels[i]) correct++;
  }
  return labels.length === 0 ? 0 : correct / labels.length;
}

/** Trains on `train`, keeps the epoch that scores best on `validation` (early stopping), returns the model. */
export function trainBagOfWords(
  train: { docs: SparseDocument[]; labels: ArrayLike<number> },
  validation: { docs: SparseDocument[]; labels: ArrayLike<number> },
  options: BowOptions,
): BagOfWordsModel {
  const model = new BagOfWordsModel(options.vocabSize, options.classCount);
  const random = createRng(options.seed ^ 0x5bd1e995);
  const order = identityOrder(train.docs.length);
  let best = { accuracy: -1, state: model.snapshot() };
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    // A slowly falling step: large early moves, then settling.
    model.trainEpoch(train.docs, train.labels, order, options.learningRate / (1 + epoch * 0.5), options.l2);
    const score = accuracy(model.predict(validation.docs), validation.labels, options.classCount);
    if (score > best.accuracy) best = { accuracy: score, state: model.snapshot() };
  }
  model.restore(best.state);
  return model;
}
