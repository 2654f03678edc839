// Runs in: plain Node (npm run bench -- kernels). Where one thread's prediction time goes, kernel by kernel, for the
// course's four models: the products (x W + h U per step) against the core's own ceiling for 4-lane multiply-adds,
// and the cells' element-wise steps (the activations). It answers "how fast could prediction get on one core": the
// products alone, run at the ceiling with free activations, bound the samples/s from above.
//
// It runs the fused net's own code (layer-pass.ts' forwardLayer and the cell kernels) on a prediction chunk, with a
// timing wrapper around each kernel call, on random weights and inputs: speed does not depend on the values.
import { loadavg } from 'node:os';
import { createRng } from '../core/rng';
import { INFER_CHUNK } from '../trainer/fused/fused-net';
import { CELLS, type CellName } from '../trainer/fused/net-pass';
import { forwardLayer } from '../trainer/fused/layer-pass';
import { workspaceFor, type Workspace } from '../trainer/fused/workspace';
import { at, kernelArena, relaxedSimd, type Allocator, type Kernels } from '../trainer/fused/wasm-kernels';

const UNITS = 32;
const WINDOW = 64;
/** The train bench's prediction set: this many windows, in chunks of INFER_CHUNK. */
const WINDOWS = 8192;
const REPEATS = 3;
const PEAK_ROUNDS = 20_000_000;

interface KernelModel {
  model: string;
  cell: CellName;
  layers: number;
}
const MODELS: readonly KernelModel[] = [
  { model: 'rnn1', cell: 'SimpleRNN', layers: 1 },
  { model: 'rnn3', cell: 'SimpleRNN', layers: 3 },
  { model: 'lstm1', cell: 'LSTM', layers: 1 },
  { model: 'gru1', cell: 'GRU', layers: 1 },
];

/** Time and multiply-adds per kernel, summed over calls. */
interface Spent {
  ms: number;
  multiplyAdds: number;
}

/** Multiply-adds a product call does (the element-wise kernels: 0). */
function multiplyAddsOf(name: string, args: number[]): number {
  if (name === 'gemm') return args[0] * args[1] * args[2];
  if (name === 'gemmPair') return args[0] * args[1] * (args[2] + args[7]);
  return 0;
}

/** `k` with every call timed into `spent` by kernel name. */
function timedKernels(k: Kernels, spent: Map<string, Spent>): Kernels {
  const timed: Record<string, unknown> = { memory: k.memory };
  for (const [name, fn] of Object.entries(k)) {
    if (typeof fn !== 'function') continue;
    timed[name] = (...args: number[]) => {
      const started = performance.now();
      const result = (fn as (...a: number[]) => unknown)(...args);
      const entry = spent.get(name) ?? { ms: 0, multiplyAdds: 0 };
      entry.ms += performance.now() - started;
      entry.multiplyAdds += multiplyAddsOf(name, args);
      spent.set(name, entry);
      return result;
    };
  }
  return timed as unknown as Kernels;
}

/** 4-lane multiply-adds per second the core does from WebAssembly with no memory traffic (the best of a few). */
function peakMultiplyAdds(k: Kernels): number {
  k.multiplyAddPeak(1_000_000, 1);
  let best = 0;
  for (let r = 0; r < REPEATS; r++) {
    const started = performance.now();
    k.multiplyAddPeak(PEAK_ROUNDS, 1);
    best = Math.max(best, (PEAK_ROUNDS * 48) / ((performance.now() - started) / 1000));
  }
  return best;
}

function fillRandom(arena: Allocator, ptr: number, floats: number, scale: number, next: () => number): void {
  const view = new Float32Array(arena.kernels.memory.buffer, ptr, floats);
  for (let i = 0; i < floats; i++) view[i] = (next() * 2 - 1) * scale;
}

/** One model's prediction over WINDOWS windows, chunk by chunk and layer by layer as the fused net runs it. */
function timeModel(arena: Allocator, spec: KernelModel, spent: Map<string, Spent>): void {
  const k = timedKernels(arena.kernels, spent);
  const next = createRng(0);
  const cell = CELLS[spec.cell];
  const cols = cell.gates * UNITS;
  const layers: { ws: Workspace; w: number; u: number; bias: number; inputDim: number }[] = [];
  for (let layer = 0; layer < spec.layers; layer++) {
    const inputDim = layer === 0 ? 1 : UNITS;
    const dims = { batch: INFER_CHUNK, steps: WINDOW, inputDim, units: UNITS, gates: cell.gates };
    const ws = workspaceFor(arena, null, dims, false);
    const weights = arena.alloc((inputDim + UNITS + 1) * cols);
    const w = weights.ptr;
    const u = at(w, inputDim * cols);
    const bias = at(u, UNITS * cols);
    fillRandom(arena, w, (inputDim + UNITS + 1) * cols, 0.3, next);
    layers.push({ ws, w, u, bias, inputDim });
  }
  fillRandom(arena, layers[0].ws.xT, WINDOW * INFER_CHUNK, 1, next);
  for (let first = 0; first < WINDOWS; first += INFER_CHUNK) {
    layers.forEach((layer, i) => {
      // A stacked layer reads the previous one's states 1..steps (block 0 is the zero initial state).
      const input = i === 0 ? layer.ws.xT : at(layers[i - 1].ws.h, INFER_CHUNK * UNITS);
      forwardLayer(k, cell, layer.ws, input, layer);
    });
  }
}

/** One record for the core's ceiling, then one per model: the products' share of it and the kernels' own ceiling. */
export function benchKernels(models?: readonly string[]): Record<string, unknown>[] {
  const arena = kernelArena();
  const peak = peakMultiplyAdds(arena.kernels);
  const records: Record<string, unknown>[] = [
    { bench: 'kernels', part: 'peak', relaxedSimd: relaxedSimd(), peakGmacPerSecond: Number((peak / 1e9).toFixed(1)), loadAverage: Number(loadavg()[0].toFixed(2)) },
  ];
  for (const spec of MODELS.filter((m) => !models || models.includes(m.model))) {
    let best: Map<string, Spent> | null = null;
    let bestMs = Infinity;
    // The fastest of a few runs: one run is short enough for a neighbour's burst of work to slow it.
    for (let r = 0; r < REPEATS; r++) {
      const spent = new Map<string, Spent>();
      timeModel(arena, spec, spent);
      const ms = [...spent.values()].reduce((sum, s) => sum + s.ms, 0);
      if (ms < bestMs) [best, bestMs] = [spent, ms];
    }
    const parts = [...best!.entries()];
    const products = parts.filter(([, s]) => s.multiplyAdds > 0);
    const productMs = products.reduce((sum, [, s]) => sum + s.ms, 0);
    const multiplyAdds = products.reduce((sum, [, s]) => sum + s.multiplyAdds, 0);
    const perSecond = (ms: number) => Math.round(WINDOWS / (ms / 1000));
    records.push({
      bench: 'kernels',
      model: spec.model,
      window: WINDOW,
      hiddenUnits: UNITS,
      windows: WINDOWS,
      chunkRows: INFER_CHUNK,
      kernelMs: Number(bestMs.toFixed(1)),
      productMs: Number(productMs.toFixed(1)),
      productGmacPerSecond: Number((multiplyAdds / (productMs / 1000) / 1e9).toFixed(1)),
      productShareOfPeak: Number((multiplyAdds / (productMs / 1000) / peak).toFixed(2)),
      // The rest, by kernel: the cells' element-wise steps (activations and state updates).
      elementwiseMs: Object.fromEntries(parts.filter(([, s]) => s.multiplyAdds === 0).map(([name, s]) => [name, Number(s.ms.toFixed(1))])),
      // Samples/s of the kernels alone (no JavaScript between calls, no copying of windows in or out).
      kernelSamplesPerSecond: perSecond(bestMs),
      // An upper bound for one thread: every product at the core's ceiling, the element-wise steps free.
      productsAtPeakSamplesPerSecond: perSecond((multiplyAdds / peak) * 1000),
      loadAverage: Number(loadavg()[0].toFixed(2)),
    });
  }
  return records;
}
