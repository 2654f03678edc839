// Runs in: trainer process and its kernel threads (plain Node, no TensorFlow.js). One pass of the whole-model fused
// net over a share of a batch: the input (forecast windows, or a text's word ids looked up in an embedding table),
// the forward pass of every recurrent stage (one or two directions each), the Dense head (on the last step, or on
// each text's last real word), and in training the loss gradient (MSE, or cross-entropy after a sigmoid or softmax)
// and the backward pass into the pass's own gradient block. Everything is
// plain data (byte pointers into the shared kernel memory), so a kernel thread runs the same pass from a layout the
// main thread allocated and posted.
import type { CellKernel } from './cell-kernel';
import { gruKernel } from './gru-kernel';
import { allocParts, at, type Allocator, type Block, type Kernels } from './kernel-memory';
import { backwardCell, backwardLayer, forwardLayer } from './layer-pass';
import { lstmKernel } from './lstm-kernel';
import { simpleRnnKernel } from './simple-rnn-kernel';
import { workspaceFor, type Workspace } from './workspace';
import { fillAllSteps, fillStep, indexPassWords, projectWords, wordGradients, wordProjectionSizes, type WordDims, type WordProjection } from './word-projection';

export type CellName = 'SimpleRNN' | 'LSTM' | 'GRU';
export const CELLS: Record<CellName, CellKernel> = { SimpleRNN: simpleRnnKernel, LSTM: lstmKernel, GRU: gruKernel };

/** One direction of a recurrent stage; w, u and bias are float offsets into the net's parameter block. */
export interface DirectionPlan {
  cell: CellName;
  inputDim: number;
  units: number;
  w: number;
  u: number;
  bias: number;
  dropout: number;
  recurrentDropout: number;
}

/** What the net reads: forecast windows, or word ids into an embedding table (`table`: float offset, [vocab][features]). */
export type NetInput = { kind: 'windows' } | { kind: 'tokens'; vocab: number; table: number; pad: number };

/** The head's activation and loss: linear + MSE (forecast), sigmoid + binary or softmax + categorical cross-entropy (text). */
export type NetHead = 'mse' | 'sigmoid' | 'softmax';

/** What the net computes: stages of one direction, or two (the second runs backwards in time, outputs joined). */
export interface NetPlan {
  steps: number;
  /** Floats per step into the first stage (a window's columns, or the embedding's width). */
  features: number;
  /** Outputs per example (forecast steps, or 1 for a sigmoid, the classes for a softmax). */
  horizon: number;
  input: NetInput;
  head: NetHead;
  /** The head reads each example's last real (not padding) step instead of the last step. */
  lastRealStep: boolean;
  /**
   * Bidirectional text with its padding masked (tfjs' maskZero): each direction reads only the text's words, the
   * backward one from the last word back; stacked layers join the two states of the same word; the head reads both
   * directions' final states (zeros for an empty text).
   */
  maskedTexts: boolean;
  stages: DirectionPlan[][];
  denseW: number;
  denseB: number;
  /** Floats in the parameter block (and in each gradient block: same layout). */
  size: number;
  /** Floats of the biggest single weight (scratch for its transpose). */
  biggest: number;
}

/** A direction's buffers in one pass: its workspace, where its input sequence is, where its input gradient goes. */
export interface DirectionBuffers {
  ws: Workspace;
  /** Time-major input in processing order: its own ws.xT, or the previous stage's states when it can read them as they are. */
  input: number;
  /** Where backward writes the input gradient (0: the data, no gradient). */
  dx: number;
}

/** The dropout masks of one direction for a pass's rows (byte pointers, 0: none). */
export interface DirectionMasks {
  input: number;
  recurrent: number;
}

export interface PassLayout {
  batch: number;
  training: boolean;
  /** The net's parameters, shared by every pass. */
  params: number;
  /** This pass's windows, batch-major [batch][steps][features] (or word ids, [batch][steps] i32), and (training) targets [batch][horizon]. */
  x: number;
  y: number;
  /** Windows in the whole batch (the MSE averages over all of them, whichever pass computes a share). */
  total: number;
  stages: DirectionBuffers[][];
  /** Each example's last real step (i32 [batch]) when the plan reads it; -1 for an empty text when maskedTexts. */
  lastIdx: number;
  /**
   * maskedTexts without the per-word path (input dropout): the backward direction's word ids, each text reversed
   * within its own length (i32 [batch][steps]).
   */
  revIds: number;
  /** The head's input [batch][hidden] and its gradient: the last stage's final (or last real) states, joined when bidirectional. */
  headIn: number;
  dHeadIn: number;
  out: number;
  dOut: number;
  /** This pass's gradient block (training), laid out as the parameters. */
  grads: number;
  transposed: number;
  /** The first stage's per-word projection (word-projection.ts), where it applies; else null. */
  words: WordProjection | null;
  blocks: Block[];
}

export function cellKernel(name: CellName): CellKernel {
  return CELLS[name];
}

/** Allocates a pass for `batch` windows at x (and y) of a batch of `total`; masks[stage][direction] when training with dropout. */
export function allocPass(
  alloc: Allocator, plan: NetPlan, params: number,
  rows: { batch: number; total: number; x: number; y: number }, training: boolean, masks: DirectionMasks[][] | null,
): PassLayout {
  const { batch } = rows;
  const blocks: Block[] = [];
  const stages = plan.stages.map((dirs, s) =>
    dirs.map((dir, d): DirectionBuffers => {
      const mask = masks?.[s][d];
      const ws = workspaceFor(alloc, null, {
        batch, steps: plan.steps, inputDim: dir.inputDim, units: dir.units, gates: CELLS[dir.cell].gates,
        inputDropout: Boolean(mask?.input), recurrentDropout: Boolean(mask?.recurrent),
      }, training);
      ws.inputMask = mask?.input ?? 0;
      ws.recurrentMask = mask?.recurrent ?? 0;
      blocks.push(ws.block);
      return { ws, input: ws.xT, dx: 0 };
    }),
  );
  // A stage after a one-direction stage reads its states in place (forward direction); every other input is joined
  // or reversed into the direction's own xT. Input gradients go where the inputs came from.
  stages.forEach((dirs, s) => {
    // Word vectors get a gradient (scattered into the embedding table); window data does not.
    if (s === 0) {
      if (plan.input.kind === 'tokens') dirs.forEach((dir) => (dir.dx = dir.ws.xT));
      return;
    }
    const prev = stages[s - 1];
    dirs.forEach((dir, d) => {
      const inPlace = d === 0 && prev.length === 1;
      const skipH0 = batch * prev[0].ws.dims.units;
      dir.input = inPlace ? at(prev[0].ws.h, skipH0) : dir.ws.xT;
      dir.dx = inPlace ? at(prev[0].ws.dh, skipH0) : dir.ws.xT;
    });
  });
  const last = plan.stages[plan.stages.length - 1];
  const hidden = last.length * last[0].units;
  const ownHeadIn = last.length === 2 || plan.lastRealStep;
  const words = allocWords(alloc, plan, batch, training, masks, blocks);
  const { block, ptrs } = allocParts(alloc, {
    lastIdx: plan.lastRealStep ? batch : 0,
    // The per-word path reverses the words' places instead (its own reversedSlot).
    revIds: plan.maskedTexts && !words ? batch * plan.steps : 0,
    headIn: ownHeadIn ? batch * hidden : 0,
    dHeadIn: ownHeadIn && training ? batch * hidden : 0,
    out: batch * plan.horizon,
    dOut: batch * plan.horizon,
    grads: training ? plan.size : 0,
    transposed: plan.biggest,
  });
  blocks.push(block);
  const lastStates = at(stages[stages.length - 1][0].ws.h, plan.steps * batch * last[0].units);
  return {
    ...rows, training, params, stages, blocks, ...ptrs,
    headIn: ownHeadIn ? ptrs.headIn : lastStates,
    words,
  };
}

/**
 * The per-word projection's buffers when the first stage reads plain embedding rows: no input dropout, and one
 * direction or both with the padding masked (the backward one reads each text's own words reversed).
 */
function allocWords(
  alloc: Allocator, plan: NetPlan, batch: number, training: boolean, masks: DirectionMasks[][] | null, blocks: Block[],
): WordProjection | null {
  if (plan.input.kind !== 'tokens' || !plan.lastRealStep || masks?.[0].some((mask) => mask.input)) return null;
  const bothDirections = plan.stages[0].length === 2;
  if (bothDirections && !plan.maskedTexts) return null;
  const dims = { ...wordDims(plan, batch), vocab: plan.input.vocab };
  const { block, ptrs } = allocParts(alloc, wordProjectionSizes(dims, training, bothDirections));
  blocks.push(block);
  alloc.kernels.zero(dims.vocab, ptrs.seen);
  return { ...ptrs, count: 0 };
}

function wordDims(plan: NetPlan, batch: number): WordDims {
  const first = plan.stages[0][0];
  return { batch, steps: plan.steps, features: plan.features, cols: CELLS[first.cell].gates * first.units };
}

export function releasePass(alloc: Allocator, pass: PassLayout): void {
  for (const block of pass.blocks) alloc.release(block);
}

function weightsOf(pass: PassLayout, dir: DirectionPlan) {
  return { w: at(pass.params, dir.w), u: at(pass.params, dir.u), bias: at(pass.params, dir.bias) };
}

/** Runs every stage and the head: pass.out gets [batch][horizon] predictions. */
export function forwardPass(k: Kernels, plan: NetPlan, pass: PassLayout): void {
  const { batch } = pass;
  if (plan.lastRealStep) {
    const pad = plan.input.kind === 'tokens' ? plan.input.pad : 0;
    k.lastRealSteps(batch, plan.steps, pass.x, pad, pass.lastIdx);
    if (plan.maskedTexts) k.markEmptyTexts(batch, plan.steps, pass.x, pad, pass.lastIdx);
    // A backward direction runs over the text's own words too where the padding is masked; an unmasked one (not
    // planned for text) would start at the end, where the skipped steps are.
    if (plan.maskedTexts || pass.stages.every((dirs) => dirs.length === 1)) {
      const active = activeRows(new Int32Array(k.memory.buffer, pass.lastIdx, batch), plan.steps);
      for (const dirs of pass.stages) for (const dir of dirs) dir.ws.active = active;
    }
  }
  pass.stages.forEach((dirs, s) => {
    if (s === 0 && pass.words) {
      forwardWords(k, plan, pass, pass.words);
      return;
    }
    if (s === 0) firstInputs(k, plan, pass);
    else joinInputs(k, plan, pass, s);
    dirs.forEach((dir, d) => forwardLayer(k, CELLS[plan.stages[s][d].cell], dir.ws, dir.input, weightsOf(pass, plan.stages[s][d])));
  });
  const last = pass.stages[pass.stages.length - 1];
  const units = last[0].ws.dims.units;
  const hidden = last.length * units;
  if (plan.maskedTexts) {
    k.gatherFinalStates(batch, units, at(last[0].ws.h, batch * units), at(last[1].ws.h, batch * units), pass.lastIdx, pass.headIn);
  } else if (plan.lastRealStep) {
    k.gatherSteps(batch, units, at(last[0].ws.h, batch * units), pass.lastIdx, pass.headIn);
  } else if (last.length === 2) {
    const final = plan.steps * batch * units;
    k.joinSteps(1, batch, units, at(last[0].ws.h, final), false, units, at(last[1].ws.h, final), false, pass.headIn);
  }
  k.fillRows(batch, plan.horizon, at(pass.params, plan.denseB), pass.out);
  k.gemm(batch, plan.horizon, hidden, pass.headIn, hidden, 1, at(pass.params, plan.denseW), plan.horizon, pass.out, plan.horizon);
  if (plan.head !== 'mse') activate(k, plan, pass);
}

/**
 * Per step, the rows to compute: the shortest prefix holding every row whose last real step is t or later, rounded
 * up to whole blocks of 4 rows (the products' 4 x 8 blocks; a leftover row takes the one-row path, about 4x slower
 * per row). With rows sorted longest text first (FusedNet sorts them) that is the texts still going, plus at most 3;
 * in any order it is still correct, only less is skipped: a row computed past its text's end gets zero gradients.
 */
export function activeRows(lastIdx: Int32Array, steps: number): Int32Array {
  const batch = lastIdx.length;
  const active = new Int32Array(steps);
  for (let r = 0; r < batch; r++) active.fill(Math.min(batch, (r + 4) & ~3), 0, Math.min(steps, lastIdx[r] + 1));
  return active;
}

/**
 * The first stage from the pass's distinct words: each projected once per direction, then copied to every position
 * holding it. The directions run one after the other, sharing the projection's buffer.
 */
function forwardWords(k: Kernels, plan: NetPlan, pass: PassLayout, words: WordProjection): void {
  if (plan.input.kind !== 'tokens') return;
  const dims = wordDims(plan, pass.batch);
  indexPassWords(k, words, dims, pass.x, at(pass.params, plan.input.table));
  plan.stages[0].forEach((dir, d) => {
    const slot = wordSlots(k, plan, pass, words, d);
    const weights = weightsOf(pass, dir);
    projectWords(k, words, dims, weights);
    forwardLayer(k, CELLS[dir.cell], pass.stages[0][d].ws, 0, weights, {
      allSteps: (g) => fillAllSteps(k, words, dims, g, slot),
      step: (t, gt) => fillStep(k, words, dims, t, gt, slot),
    });
  });
}

/**
 * Where direction d of the first stage finds each position's word: the pass's places, or (the backward direction,
 * padding masked) the same reversed in each text's length. Beyond a text's end the reversed places hold the first
 * word's: no output reads those steps.
 */
function wordSlots(k: Kernels, plan: NetPlan, pass: PassLayout, words: WordProjection, d: number): number {
  if (d === 0) return words.slot;
  k.reverseTexts(pass.batch, plan.steps, words.slot, pass.lastIdx, 0, words.reversedSlot);
  return words.reversedSlot;
}

/** The first stage's inputs, time-major: the windows reordered (reversed for a backward direction), or word vectors. */
function firstInputs(k: Kernels, plan: NetPlan, pass: PassLayout): void {
  const { batch } = pass;
  pass.stages[0].forEach((dir, d) => {
    if (plan.input.kind === 'windows') {
      k.reorder(batch, plan.steps, plan.features, pass.x, dir.ws.xT, false, d === 1);
      return;
    }
    if (d === 1 && plan.maskedTexts) k.reverseTexts(batch, plan.steps, pass.x, pass.lastIdx, plan.input.pad, pass.revIds);
    k.gatherRows(batch, plan.steps, plan.features, idsOf(plan, pass, d), at(pass.params, plan.input.table), dir.ws.xT);
  });
}

/** The word ids direction d of the first stage reads: the texts, or (masked, backward) each reversed in its length. */
function idsOf(plan: NetPlan, pass: PassLayout, d: number): number {
  return d === 1 && plan.maskedTexts ? pass.revIds : pass.x;
}

/** The head's activation in place: pass.out becomes probabilities (computed in double, stored as float). */
function activate(k: Kernels, plan: NetPlan, pass: PassLayout): void {
  const width = plan.horizon;
  const out = new Float32Array(k.memory.buffer, pass.out, pass.batch * width);
  if (plan.head === 'sigmoid') {
    for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-out[i]));
    return;
  }
  for (let b = 0; b < pass.batch; b++) {
    const row = out.subarray(b * width, (b + 1) * width);
    const max = row.reduce((a, v) => Math.max(a, v), -Infinity);
    let sum = 0;
    for (let j = 0; j < width; j++) sum += Math.exp(row[j] - max);
    for (let j = 0; j < width; j++) row[j] = Math.exp(row[j] - max) / sum;
  }
}

/** Stage s's inputs from stage s - 1's states: joined side by side (two directions) and/or reversed in time. */
function joinInputs(k: Kernels, plan: NetPlan, pass: PassLayout, s: number): void {
  const prev = pass.stages[s - 1];
  const dirs = pass.stages[s];
  const units = prev[0].ws.dims.units;
  const skipH0 = pass.batch * units;
  const hf = at(prev[0].ws.h, skipH0);
  if (prev.length === 1) {
    if (dirs.length === 2) k.joinSteps(plan.steps, pass.batch, units, hf, true, 0, 0, false, dirs[1].ws.xT);
    return;
  }
  // The backward direction's states are in its processing order: reversed to line up with time.
  const hb = at(prev[1].ws.h, skipH0);
  if (plan.maskedTexts) {
    dirs.forEach((dir, d) => k.joinTexts(plan.steps, pass.batch, units, hf, hb, pass.lastIdx, d === 1, dir.ws.xT));
    return;
  }
  k.joinSteps(plan.steps, pass.batch, units, hf, false, units, hb, true, dirs[0].ws.xT);
  if (dirs.length === 2) k.joinSteps(plan.steps, pass.batch, units, hf, true, units, hb, false, dirs[1].ws.xT);
}

/** MSE of pass.out against pass.y (mean over every output of the whole batch) and its gradient into dOut; returns the share's sum. */
export function squaredErrors(k: Kernels, plan: NetPlan, pass: PassLayout): number {
  const n = pass.batch * plan.horizon;
  const out = new Float32Array(k.memory.buffer, pass.out, n);
  const y = new Float32Array(k.memory.buffer, pass.y, n);
  const dOut = new Float32Array(k.memory.buffer, pass.dOut, n);
  const scale = 2 / (pass.total * plan.horizon);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const err = out[i] - y[i];
    sum += err * err;
    dOut[i] = scale * err;
  }
  return sum;
}

// tfjs clips probabilities to [eps, 1 - eps] before the log; where a probability is clipped no gradient flows.
const EPSILON = 1e-7;

/**
 * Cross-entropy of the probabilities in pass.out against pass.y (tfjs' binary / categorical cross-entropy, the mean
 * over the whole batch) and its gradient w.r.t. the head's logits into dOut (p - y); returns the share's sum.
 */
export function crossEntropyErrors(k: Kernels, plan: NetPlan, pass: PassLayout): number {
  const width = plan.horizon;
  const n = pass.batch * width;
  const p = new Float32Array(k.memory.buffer, pass.out, n);
  const y = new Float32Array(k.memory.buffer, pass.y, n);
  const dOut = new Float32Array(k.memory.buffer, pass.dOut, n);
  const clip = (v: number) => Math.min(Math.max(v, EPSILON), 1 - EPSILON);
  let sum = 0;
  for (let b = 0; b < pass.batch; b++) {
    if (plan.head === 'sigmoid') {
      // tfjs takes the clipped probability back to a logit and uses the sigmoid cross-entropy with logits.
      const q = clip(p[b]);
      const logit = Math.log(q / (1 - q));
      sum += Math.max(logit, 0) - logit * y[b] + Math.log1p(Math.exp(-Math.abs(logit)));
      dOut[b] = q === p[b] ? (p[b] - y[b]) / pass.total : 0;
      continue;
    }
    const row = b * width;
    let target = 0;
    for (let j = 1; j < width; j++) if (y[row + j] > y[row + target]) target = j;
    const q = clip(p[row + target]);
    sum -= Math.log(q);
    for (let j = 0; j < width; j++) dOut[row + j] = q === p[row + target] ? (p[row + j] - y[row + j]) / pass.total : 0;
  }
  return sum;
}

/** The backward pass from dOut: every weight's gradient into pass.grads (overwritten). */
export function backwardPass(k: Kernels, plan: NetPlan, pass: PassLayout): void {
  const { batch } = pass;
  const { steps, horizon } = plan;
  k.zero(plan.size, pass.grads);
  const last = pass.stages[pass.stages.length - 1];
  const units = last[0].ws.dims.units;
  const hidden = last.length * units;
  const block = batch * units;
  // Dense head: dW = in^T dOut, db = column sums, d(in) = dOut W^T into the last states' gradients.
  k.gemm(hidden, horizon, batch, pass.headIn, 1, hidden, pass.dOut, horizon, at(pass.grads, plan.denseW), horizon);
  k.addColumnSums(batch, horizon, pass.dOut, horizon, at(pass.grads, plan.denseB));
  for (const dir of last) k.zero((steps + 1) * block, dir.ws.dh);
  k.transpose(hidden, horizon, at(pass.params, plan.denseW), horizon, pass.transposed, hidden);
  const dFinal = (dir: DirectionBuffers) => at(dir.ws.dh, steps * block);
  if (plan.lastRealStep) {
    k.zero(batch * hidden, pass.dHeadIn);
    k.gemm(batch, hidden, horizon, pass.dOut, horizon, 1, pass.transposed, hidden, pass.dHeadIn, hidden);
    if (plan.maskedTexts) k.scatterFinalStates(batch, units, pass.dHeadIn, pass.lastIdx, at(last[0].ws.dh, block), at(last[1].ws.dh, block));
    else k.scatterSteps(batch, units, pass.dHeadIn, pass.lastIdx, at(last[0].ws.dh, block));
  } else if (last.length === 1) {
    k.gemm(batch, units, horizon, pass.dOut, horizon, 1, pass.transposed, units, dFinal(last[0]), units);
  } else {
    k.zero(batch * hidden, pass.dHeadIn);
    k.gemm(batch, hidden, horizon, pass.dOut, horizon, 1, pass.transposed, hidden, pass.dHeadIn, hidden);
    k.splitStepsAdd(1, batch, units, dFinal(last[0]), false, units, dFinal(last[1]), false, pass.dHeadIn);
  }
  for (let s = pass.stages.length - 1; s >= 0; s--) {
    pass.stages[s].forEach((dir, d) => {
      const plan_ = plan.stages[s][d];
      const grads = { dW: at(pass.grads, plan_.w), dU: at(pass.grads, plan_.u), db: at(pass.grads, plan_.bias) };
      if (s === 0 && pass.words && plan.input.kind === 'tokens') {
        backwardCell(k, CELLS[plan_.cell], dir.ws, weightsOf(pass, plan_), grads, pass.transposed);
        const table = at(pass.grads, plan.input.table);
        const slot = d === 0 ? pass.words.slot : pass.words.reversedSlot;
        wordGradients(k, pass.words, wordDims(plan, batch), dir.ws.dg, weightsOf(pass, plan_), grads, pass.transposed, table, pass.lastIdx, slot);
        return;
      }
      backwardLayer(k, CELLS[plan_.cell], dir.ws, dir.input, weightsOf(pass, plan_), grads, pass.transposed, dir.dx || null);
    });
    if (s > 0) splitGradients(k, plan, pass, s);
  }
  if (plan.input.kind === 'tokens' && !pass.words) {
    const table = at(pass.grads, plan.input.table);
    pass.stages[0].forEach((dir, d) => k.scatterAddRows(batch, steps, plan.features, idsOf(plan, pass, d), dir.dx, table));
  }
}

/** The gradient of joinInputs: stage s's input gradients added into stage s - 1's state gradients. */
function splitGradients(k: Kernels, plan: NetPlan, pass: PassLayout, s: number): void {
  const prev = pass.stages[s - 1];
  const dirs = pass.stages[s];
  const units = prev[0].ws.dims.units;
  const skipH0 = pass.batch * units;
  const dhf = at(prev[0].ws.dh, skipH0);
  if (prev.length === 1) {
    // The forward direction wrote its gradient in place; the backward one's comes reversed.
    if (dirs.length === 2) k.splitStepsAdd(plan.steps, pass.batch, units, dhf, true, 0, 0, false, dirs[1].dx);
    return;
  }
  for (const dir of prev) k.zero((plan.steps + 1) * skipH0, dir.ws.dh);
  const dhb = at(prev[1].ws.dh, skipH0);
  if (plan.maskedTexts) {
    dirs.forEach((dir, d) => k.splitTextsAdd(plan.steps, pass.batch, units, dhf, dhb, pass.lastIdx, d === 1, dir.dx));
    return;
  }
  k.splitStepsAdd(plan.steps, pass.batch, units, dhf, false, units, dhb, true, dirs[0].dx);
  if (dirs.length === 2) k.splitStepsAdd(plan.steps, pass.batch, units, dhf, true, units, dhb, false, dirs[1].dx);
}

/** A whole training pass: forward, loss gradient, backward; returns the share's summed loss. */
export function trainPass(k: Kernels, plan: NetPlan, pass: PassLayout): number {
  forwardPass(k, plan, pass);
  const sum = plan.head === 'mse' ? squaredErrors(k, plan, pass) : crossEntropyErrors(k, plan, pass);
  backwardPass(k, plan, pass);
  return sum;
}

/** A thread's passes, one after another: training passes (their summed losses returned) or forward passes (0). */
export function runPasses(k: Kernels, plan: NetPlan, passes: PassLayout[], training: boolean): number {
  let sum = 0;
  for (const pass of passes) {
    if (training) sum += trainPass(k, plan, pass);
    else forwardPass(k, plan, pass);
  }
  return sum;
}
