// Runs in: trainer process (plain Node). The forecast network (stacked fused recurrent layers, one or two directions
// each, with dropout if asked, then Dense) and the one-direction text model (Embedding -> recurrent layers -> the
// last real word -> Dense with sigmoid or softmax) trained and run as a whole in the WebAssembly kernels: one
// training step is the forward pass of every layer, the loss (MSE or cross-entropy), the backward pass (into the
// embedding table by scatter-add) and the optimizer update (Adam, RMSprop, SGD, SGD with momentum), with the layers'
// states passed along in kernel memory (net-pass.ts).
// Why: even with one fused op per layer, tfjs' trainOnBatch costs ~1.6 ms per batch around the layers (tensor
// copies, the Dense layer, the loss, one optimizer op per weight), as long as SimpleRNN x1's whole arithmetic.
//
// Data parallel: with threads > 1 each kernel thread computes the gradients of a share of the batch, on the same
// shared memory; the shares' gradients are summed in a fixed order before one optimizer step, so a fixed seed and
// thread count repeat exactly. Prediction splits its chunks the same way.
//
// The tfjs model stays the source of truth between epochs: the net pulls its weights before training and pushes
// them back when asked (syncFusedNet), so validation, early stopping, saving and loading see the usual model.
import * as tf from '@tensorflow/tfjs';
import { MaskSource } from './dropout-masks';
import { cellName, bidirectionalPair, planModel, planTextModel, type ParamRef } from './net-plan';
import { NetOptimizer, updateRule } from './net-optimizer';
import { allocPass, releasePass, runPasses, type DirectionMasks, type NetPlan, type PassLayout } from './net-pass';
import { kernelThreads, type KernelThreads } from './kernel-threads';
import { Op } from './kernel-thread-protocol';
import { allocParts, at, kernelArena, kernelModule, type Allocator, type Block } from './wasm-kernels';
import { copyRowsBack, copyRowsInOrder, longestFirst } from './text-order';

// Prediction runs each thread's share in chunks of at most this many windows.
export const INFER_CHUNK = 256;
// Below this many windows a thread's share costs more in hand-offs than it saves.
const MIN_SHARE = 16;
// A training pass takes at most this many examples; a larger share runs as several passes one after another. Passes
// of 32 won while the weight-gradient products streamed all of B from memory per block of C (1.3x on the text
// model); since those products run in cache-sized slices (gemm's K_SLICE), a whole batch of 64 in one pass is
// faster: text model 900 -> 958 samples/s, LSTM 32 at window 64 16.2k -> 18.6k (one thread, medians of 2).
const MAX_PASS = 64;
// Pass sets kept per net (one per batch size seen: a full batch, an epoch's last one, prediction chunks).
const KEPT_SETS = 6;

/** How the net for a model runs: the seed of its dropout masks, and how many threads share each batch. */
export interface FusedNetOptions {
  seed: number;
  threads: number;
  /** A text model's padding id: set (by buildTextModel) for models whose input is word ids. */
  pad?: number;
}

const nets = new WeakMap<tf.LayersModel, FusedNet | null>();
const layerwiseOnly = new WeakSet<tf.LayersModel>();
const netOptions = new WeakMap<tf.LayersModel, FusedNetOptions>();

/** Sets the dropout seed and thread count of `model`'s net (before its first training step). */
export function configureFusedNet(model: tf.LayersModel, options: FusedNetOptions): void {
  netOptions.set(model, options);
}

/**
 * The fused whole-model net for `model`, or null when the model is not one it covers (then training and prediction
 * go through tfjs, with one fused op per recurrent layer where possible).
 */
export function fusedNetFor(model: tf.LayersModel): FusedNet | null {
  if (layerwiseOnly.has(model)) return null;
  let net = nets.get(model);
  if (net === undefined) {
    net = FusedNet.tryCreate(model, netOptions.get(model) ?? { seed: 0, threads: 1 });
    nets.set(model, net);
  }
  return net;
}

/** Keeps `model` on the per-layer path (benchmarks compare the two). */
export function useLayerwiseFusion(model: tf.LayersModel): void {
  layerwiseOnly.add(model);
}

/** Writes the net's newer weights (if any) back into the tfjs model; call before reading the model's weights. */
export function syncFusedNet(model: tf.LayersModel): void {
  nets.get(model)?.pushWeights();
}

/** One line for the run record: which code did the arithmetic, so a slow run can be explained. */
export function computationNote(model: tf.LayersModel): string {
  const net = fusedNetFor(model);
  if (net) {
    const threads = net.threads > 1 ? `, on ${net.threads} threads` : ', on one thread';
    return `Computed as one fused network by Seqlab's WebAssembly SIMD kernels${threads}.`;
  }
  const inner = (layer: tf.layers.Layer) => bidirectionalPair(layer)?.[0] ?? layer;
  if (model.layers.some((layer) => cellName(inner(layer)) !== null)) {
    return 'Computed by TensorFlow.js with each recurrent layer as one fused WebAssembly operation (this model is not one the whole-network kernels cover).';
  }
  return 'Computed by TensorFlow.js layers, op by op.';
}

/** The buffers of one batch size: the batch's data and masks, and one pass per thread over its share of the rows. */
interface PassSet {
  count: number;
  x: number;
  y: number;
  /** Whole-batch masks per stage and direction ([count][width]; 0: none), drawn before each step. */
  masks: DirectionMasks[][] | null;
  /** Per thread (the main one first): the passes it runs one after another, over consecutive rows. */
  groups: PassLayout[][];
  /** Per thread: the id its passes were posted under. */
  ids: number[];
  block: Block;
}

let nextPassId = 1;

export class FusedNet {
  private readonly arena: Allocator = kernelArena().owned(this);
  private readonly params: Block;
  private readonly optimizer: NetOptimizer;
  private readonly masks: MaskSource;
  private readonly sets = new Map<string, PassSet>();
  private readonly pool: KernelThreads | null;
  /** Threads (the main one included) a batch is shared among. */
  readonly threads: number;
  /**
   * Whether the net's weights are newer than the model's (trained since the last push). When not, the model may
   * have been changed from outside (an early-stopping restore), so the net pulls before it trains or predicts.
   */
  private ahead = false;
  /** The row order of the last training step (null: as given), for lastMasks. */
  private lastOrder: Int32Array | null = null;

  static tryCreate(model: tf.LayersModel, options: FusedNetOptions): FusedNet | null {
    const planned = options.pad === undefined ? planModel(model) : planTextModel(model, options.pad);
    const rule = updateRule(model.optimizer);
    if (!planned || !rule) return null;
    return new FusedNet(planned.plan, planned.params, rule, options);
  }

  private constructor(
    private readonly plan: NetPlan,
    private readonly paramRefs: ParamRef[],
    rule: NonNullable<ReturnType<typeof updateRule>>,
    options: FusedNetOptions,
  ) {
    this.params = this.arena.alloc(plan.size);
    this.arena.kernels.zero(plan.size, this.params.ptr);
    this.optimizer = new NetOptimizer(this.arena, rule, plan.size);
    this.masks = new MaskSource(options.seed);
    const wanted = Math.max(1, Math.floor(options.threads));
    this.pool = wanted > 1 ? kernelThreads(wanted - 1, kernelModule(), this.arena.kernels.memory) : null;
    this.threads = this.pool ? wanted : 1;
  }

  /**
   * One optimizer step on `count` examples (x: windows [count, steps, features], or a text model's word ids [count,
   * steps]; y: [count, horizon] targets, or labels as the model's loss takes them); returns the loss.
   */
  trainStep(x: Float32Array | Int32Array, y: Float32Array, count: number): number {
    if (!this.ahead) this.pullWeights();
    const { plan } = this;
    const set = this.passSet(count, true);
    const order = this.textOrder(x, count, set);
    copyRowsInOrder(this.inputView(set.x, count), x, count, this.stride, order);
    copyRowsInOrder(this.arena.f32(set.y, count * plan.horizon), y, count, plan.horizon, order);
    this.lastOrder = order;
    this.drawMasks(set);
    const sum = this.run(set, Op.Train);
    // The shares' gradients, summed in thread order (a fixed order: the same sums every run).
    const k = this.arena.kernels;
    const [first, ...rest] = set.groups.flat();
    for (const pass of rest) k.addTo(plan.size, pass.grads, first.grads);
    const total = first.grads;
    this.optimizer.apply(this.params.ptr, total);
    this.ahead = true;
    // MSE averages over every output; cross-entropy over the examples.
    return sum / (count * (plan.head === 'mse' ? plan.horizon : 1));
  }

  /** Outputs for `count` examples, [count, horizon] (a text model's probabilities), from the current weights. */
  predict(x: Float32Array | Int32Array, count: number): Float32Array {
    if (!this.ahead) this.pullWeights();
    const { horizon } = this.plan;
    const result = new Float32Array(count * horizon);
    const stride = this.stride;
    for (let first = 0; first < count; first += INFER_CHUNK * this.threads) {
      const size = Math.min(INFER_CHUNK * this.threads, count - first);
      const set = this.passSet(size, false);
      const chunk = x.subarray(first * stride, (first + size) * stride);
      const order = this.textOrder(chunk, size, set);
      copyRowsInOrder(this.inputView(set.x, size), chunk, size, stride, order);
      this.run(set, Op.Forward);
      // The passes' outputs are consecutive rows of the set: gathered, then put back in the caller's order.
      const outputs = new Float32Array(size * horizon);
      let row = 0;
      for (const pass of set.groups.flat()) {
        outputs.set(this.arena.f32(pass.out, pass.batch * horizon), row * horizon);
        row += pass.batch;
      }
      copyRowsBack(result.subarray(first * horizon, (first + size) * horizon), outputs, size, horizon, order);
    }
    return result;
  }

  /** A text model's rows run longest text first within each pass of the set (text-order.ts); windows run as given (null). */
  private textOrder(x: Float32Array | Int32Array, count: number, set: PassSet): Int32Array | null {
    const { input, steps } = this.plan;
    if (input.kind !== 'tokens') return null;
    return longestFirst(x as Int32Array, count, steps, input.pad, set.groups.flat().map((pass) => pass.batch));
  }

  /** Numbers per example in x: a window's values, or a text's word ids. */
  private get stride(): number {
    return this.plan.steps * (this.plan.input.kind === 'tokens' ? 1 : this.plan.features);
  }

  private inputView(ptr: number, count: number): Float32Array | Int32Array {
    const n = count * this.stride;
    return this.plan.input.kind === 'tokens' ? new Int32Array(this.arena.kernels.memory.buffer, ptr, n) : this.arena.f32(ptr, n);
  }

  /** Writes the net's weights into the model when they are newer; afterwards the model is the source again. */
  pushWeights(): void {
    if (this.ahead) {
      for (const p of this.paramRefs) {
        const values = this.arena.f32(at(this.params.ptr, p.offset), p.floats).slice();
        tf.tidy(() => {
          p.variable.write(tf.tensor(values, p.variable.shape as number[]));
        });
      }
    }
    this.ahead = false;
  }

  /** Copies the model's weights in (a few KB). */
  private pullWeights(): void {
    for (const p of this.paramRefs) {
      this.arena.f32(at(this.params.ptr, p.offset), p.floats).set(p.variable.read().dataSync() as Float32Array);
    }
  }

  /** Runs every pass of the set: the other threads' first, then this thread's own; returns the training passes' summed errors. */
  private run(set: PassSet, op: (typeof Op)['Train' | 'Forward']): number {
    const k = this.arena.kernels;
    for (let i = 1; i < set.groups.length; i++) this.pool!.start(i - 1, op, set.ids[i]);
    let sum = runPasses(k, this.plan, set.groups[0], op === Op.Train);
    for (let i = 1; i < set.groups.length; i++) sum += this.pool!.wait(i - 1);
    return sum;
  }

  /** New masks for every direction with dropout, over the whole batch (so a row's mask does not depend on the threads). */
  private drawMasks(set: PassSet): void {
    if (!set.masks) return;
    this.plan.stages.forEach((dirs, s) =>
      dirs.forEach((dir, d) => {
        const masks = set.masks![s][d];
        if (masks.input) this.masks.draw(this.arena.f32(masks.input, set.count * dir.inputDim), dir.dropout);
        if (masks.recurrent) this.masks.draw(this.arena.f32(masks.recurrent, set.count * dir.units), dir.recurrentDropout);
      }),
    );
  }

  /** The masks of the last training step, per stage and direction (tests compare against tfjs with the same masks). */
  lastMasks(count: number): { input: Float32Array | null; recurrent: Float32Array | null }[][] {
    const set = this.sets.get(`train:${count}`);
    // Masks belong to the net's rows; the caller's example i ran as row lastOrder.indexOf(i).
    const inCallerOrder = (ptr: number, width: number) => {
      const rows = new Float32Array(count * width);
      copyRowsBack(rows, this.arena.f32(ptr, count * width), count, width, this.lastOrder);
      return rows;
    };
    return this.plan.stages.map((dirs, s) =>
      dirs.map((dir, d) => {
        const masks = set?.masks?.[s][d];
        return {
          input: masks?.input ? inCallerOrder(masks.input, dir.inputDim) : null,
          recurrent: masks?.recurrent ? inCallerOrder(masks.recurrent, dir.units) : null,
        };
      }),
    );
  }

  /** The buffers for batches of `count` windows, allocated on first use and kept for the next batches of that size. */
  private passSet(count: number, training: boolean): PassSet {
    const key = `${training ? 'train' : 'infer'}:${count}`;
    const kept = this.sets.get(key);
    if (kept) return kept;
    const { plan } = this;
    const withDropout = training && plan.stages.some((dirs) => dirs.some((d) => d.dropout > 0 || d.recurrentDropout > 0));
    const maskSizes: Record<string, number> = {};
    plan.stages.forEach((dirs, s) =>
      dirs.forEach((dir, d) => {
        if (!withDropout) return;
        maskSizes[`in${s}_${d}`] = dir.dropout > 0 ? count * dir.inputDim : 0;
        maskSizes[`rec${s}_${d}`] = dir.recurrentDropout > 0 ? count * dir.units : 0;
      }),
    );
    const { block, ptrs } = allocParts<string>(this.arena, {
      ...maskSizes,
      x: count * this.stride,
      y: training ? count * plan.horizon : 0,
    });
    const masks = withDropout
      ? plan.stages.map((dirs, s) =>
          dirs.map((dir, d) => ({ input: dir.dropout > 0 ? ptrs[`in${s}_${d}`] : 0, recurrent: dir.recurrentDropout > 0 ? ptrs[`rec${s}_${d}`] : 0 })),
        )
      : null;
    const shares = Math.max(1, Math.min(this.threads, Math.floor(count / MIN_SHARE)));
    // Training passes of at most MAX_PASS examples, the same number for every thread.
    const perShare = training ? Math.max(1, Math.ceil(count / shares / MAX_PASS)) : 1;
    const parts = shares * perShare;
    const groups: PassLayout[][] = [];
    const ids: number[] = [];
    for (let i = 0; i < shares; i++) {
      const group: PassLayout[] = [];
      for (let j = i * perShare; j < (i + 1) * perShare; j++) {
        const first = Math.floor((j * count) / parts);
        const rows = Math.floor(((j + 1) * count) / parts) - first;
        const passMasks = masks?.map((dirs, s) =>
          dirs.map((m, d) => ({
            input: m.input ? at(m.input, first * plan.stages[s][d].inputDim) : 0,
            recurrent: m.recurrent ? at(m.recurrent, first * plan.stages[s][d].units) : 0,
          })),
        );
        group.push(allocPass(this.arena, plan, this.params.ptr, {
          batch: rows, total: count, x: at(ptrs.x, first * this.stride), y: training ? at(ptrs.y, first * plan.horizon) : 0,
        }, training, passMasks ?? null));
      }
      const id = nextPassId++;
      if (i > 0) this.pool!.post(i - 1, { type: 'pass', id, plan, passes: group });
      groups.push(group);
      ids.push(id);
    }
    const set: PassSet = { count, x: ptrs.x, y: ptrs.y, masks, groups, ids, block };
    this.sets.set(key, set);
    if (this.sets.size > KEPT_SETS) this.dropSet(this.sets.keys().next().value as string);
    return set;
  }

  private dropSet(key: string): void {
    const set = this.sets.get(key);
    if (!set) return;
    this.sets.delete(key);
    set.groups.forEach((group, i) => {
      if (i > 0) this.pool!.post(i - 1, { type: 'forget', id: set.ids[i] });
      for (const pass of group) releasePass(this.arena, pass);
    });
    this.arena.release(set.block);
  }
}
