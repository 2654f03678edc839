// Runs in: trainer process and its kernel threads (plain Node). The text model's first recurrent layer, projected
// once per distinct word instead of once per position. Its input at a position is the word's embedding row, so
// x·W + b is the same for every position holding that word: a batch of 64 IMDB reviews cut at 200 words has 12,800
// positions but about 2,300 distinct words. The projection (forward), the kernel's gradient and the embedding's
// gradient (backward) are each one product over the distinct words, about a fifth of the work of the same product
// over the positions. Forward is bit for bit what the per-position product gives (the same dot products); the
// gradients add the same terms grouped by word first, so they agree to float rounding.
//
// Used where every position's input is a plain embedding row: the first stage of a token net without input dropout
// (a dropout mask differs per position, so equal words no longer give equal inputs), with one direction or both
// with the padding masked. A backward direction reads each text's words from its last back: the same distinct words,
// projected with its own weights, at positions reversed within each text (reversedSlot).
import type { Kernels } from './kernel-memory';
import type { LayerGradients, LayerWeights } from './layer-pass';

/** A pass's buffers for it (byte pointers; seen, words and slot hold i32). */
export interface WordProjection {
  /** [vocab] place + 1 of each word met while indexing, zero otherwise (zero between passes). */
  seen: number;
  /** [capacity] the pass's distinct word ids, in order of first appearance. */
  words: number;
  /** [batch][steps] each position's place in `words`. */
  slot: number;
  /** Both directions: [batch][steps] the backward direction's places, each text's reversed in its length (else 0). */
  reversedSlot: number;
  /** [capacity][features] the distinct words' embedding rows. */
  vectors: number;
  /** [capacity][cols] their x·W + b. */
  projected: number;
  /** Training: [capacity][cols] the gradient w.r.t. each word's x·W + b (the positions' gradients summed by word). */
  grad: number;
  /** Training: [capacity][features] the gradient w.r.t. each distinct word's embedding row. */
  dVectors: number;
  /** Distinct words in the pass, set by the forward pass (the backward pass reads it). */
  count: number;
}

/** Floats (or i32s) each buffer needs for a pass of `batch` texts. */
export function wordProjectionSizes(
  dims: { batch: number; steps: number; vocab: number; features: number; cols: number }, training: boolean, bothDirections = false,
): Record<'seen' | 'words' | 'slot' | 'reversedSlot' | 'vectors' | 'projected' | 'grad' | 'dVectors', number> {
  const capacity = Math.min(dims.vocab, dims.batch * dims.steps);
  return {
    seen: dims.vocab,
    words: capacity,
    slot: dims.batch * dims.steps,
    reversedSlot: bothDirections ? dims.batch * dims.steps : 0,
    vectors: capacity * dims.features,
    projected: capacity * dims.cols,
    grad: training ? capacity * dims.cols : 0,
    dVectors: training ? capacity * dims.features : 0,
  };
}

export interface WordDims {
  batch: number;
  steps: number;
  features: number;
  cols: number;
}

/** Indexes the pass's words (ids: [batch][steps] i32) and looks up their rows in `table`. */
export function indexPassWords(k: Kernels, words: WordProjection, dims: WordDims, ids: number, table: number): void {
  const { batch, steps, features } = dims;
  const n = k.indexWords(batch * steps, ids, words.seen, words.words, words.slot);
  words.count = n;
  k.gatherRows(1, n, features, words.words, table, words.vectors);
}

/** The distinct words' x·W + b with one direction's weights, into words.projected (the next direction reuses it). */
export function projectWords(k: Kernels, words: WordProjection, dims: WordDims, weights: LayerWeights): void {
  const { features, cols } = dims;
  k.fillRows(words.count, cols, weights.bias, words.projected);
  k.gemm(words.count, cols, features, words.vectors, features, 1, weights.w, cols, words.projected, cols);
}

/** Every step's x·W + b into the layer's gate blocks (time-major [steps][batch][cols]), as a training pass keeps them. */
export function fillAllSteps(k: Kernels, words: WordProjection, dims: WordDims, g: number, slot = words.slot): void {
  k.gatherRows(dims.batch, dims.steps, dims.cols, slot, words.projected, g);
}

/** Step t's x·W + b into one gate block [batch][cols] (inference keeps one step). */
export function fillStep(k: Kernels, words: WordProjection, dims: WordDims, t: number, gt: number, slot = words.slot): void {
  k.gatherStep(dims.batch, dims.steps, t, dims.cols, slot, words.projected, gt);
}

/**
 * From dg (the gradient w.r.t. every position's x·W + b, time-major): adds the kernel's and the bias' gradients into
 * grads, and each distinct word's embedding gradient into its row of tableGrad. `transposed` is scratch for W^T;
 * lastIdx (i32 [batch]) is each text's last real step; slot the direction's places (reversedSlot for a backward one).
 */
export function wordGradients(
  k: Kernels, words: WordProjection, dims: WordDims, dg: number, weights: LayerWeights, grads: LayerGradients,
  transposed: number, tableGrad: number, lastIdx: number, slot = words.slot,
): void {
  const { batch, steps, features, cols } = dims;
  const n = words.count;
  k.zero(n * cols, words.grad);
  // Steps after a text's last word computed nothing: their gradients are zero.
  k.scatterAddRowsUntil(batch, steps, cols, slot, dg, words.grad, lastIdx);
  k.gemm(features, cols, n, words.vectors, 1, features, words.grad, cols, grads.dW, cols);
  k.addColumnSums(n, cols, words.grad, cols, grads.db);
  k.transpose(features, cols, weights.w, cols, transposed, features);
  k.zero(n * features, words.dVectors);
  k.gemm(n, features, cols, words.grad, cols, 1, transposed, features, words.dVectors, features);
  k.scatterAddRows(1, n, features, words.words, words.dVectors, tableGrad);
}
