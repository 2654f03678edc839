// Runs in: trainer process (plain Node). The buffers one fused recurrent layer keeps between its forward and
// backward pass, in the WebAssembly kernels' memory (fields are byte pointers). Layout is time-major
// ([step][sample][...]) so one step of the whole batch is one contiguous block: the recurrent product of a step
// is then a single small matrix product instead of one per sample.
import { allocParts, at, type Allocator, type Block, type Kernels } from './kernel-memory';

export interface Dims {
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
  /** Blocks of `units` columns in the kernels: 1 (SimpleRNN), 3 (GRU), 4 (LSTM). */
  gates: number;
  /** Room for a masked copy of the inputs (input dropout while training). */
  inputDropout?: boolean;
  /** Room for masked copies of the states (recurrent dropout while training). */
  recurrentDropout?: boolean;
}

export interface Workspace {
  dims: Dims;
  /** Whether the gradient buffers (dg, dh, scratch) exist. */
  training: boolean;
  /** Inputs in processing order, [steps][batch][inputDim] (reversed in time for goBackwards). */
  xT: number;
  /**
   * Per step: x·W + b on entry to the cell's forward, then whatever the cell keeps (gate activations). Without
   * training only one step's block: the step's projection is computed right before it (see gatesAt).
   */
  g: number;
  /** Hidden states [steps + 1][batch][units]; block 0 is the zero initial state. */
  h: number;
  /** A second per-step state of the same shape (LSTM: the carry c; GRU: r * h_prev). Unused by SimpleRNN. */
  s: number;
  /** Gradient w.r.t. g's pre-activations (x·W + b), [steps][batch][gates * units]. */
  dg: number;
  /** Gradient w.r.t. h, same shape as h. */
  dh: number;
  /** One step of scratch [batch][units] (LSTM: the running carry gradient; GRU: the gradient of r * h_prev). */
  scratch: number;
  /** Staging for data crossing to and from tensors in batch-major order: x or dx, the output or dy. */
  stage: number;
  /** Dropout (training only): the masked inputs [steps][batch][inputDim], when dims.inputDropout. */
  xm: number;
  /** The states as the recurrence reads them, h ⊙ recurrentMask, shaped like h, when dims.recurrentDropout. */
  hm: number;
  /** One step of the gradient w.r.t. hm, [batch][units]. */
  dhm: number;
  /**
   * This pass's dropout masks, [batch][inputDim] and [batch][units] (0: none): set by the caller before a training
   * pass, pointing into masks it drew (scaled by 1 / (1 - rate) as Keras' inverted dropout). The same mask applies
   * at every step, as Keras and tfjs draw one per sequence.
   */
  inputMask: number;
  recurrentMask: number;
  /**
   * Rows to compute at each step (null: the whole batch). A text pass sets it: its rows are sorted longest text first,
   * and a text's steps after its last word change nothing the model outputs (the head reads each text's last word),
   * so step t computes only the prefix of rows still inside their text.
   */
  active: Int32Array | null;
  /** The one allocation all of the above live in. */
  block: Block;
}

function sameDims(a: Dims, b: Dims): boolean {
  return (
    a.batch === b.batch && a.steps === b.steps && a.inputDim === b.inputDim && a.units === b.units && a.gates === b.gates &&
    !a.inputDropout === !b.inputDropout && !a.recurrentDropout === !b.recurrentDropout
  );
}

/**
 * Reuses `previous` when the shapes match (the usual case: every batch but the last of an epoch), else frees it
 * and allocates. h and s start at zero (block 0 is the initial state, which nothing else writes).
 */
export function workspaceFor(arena: Allocator, previous: Workspace | null, dims: Dims, training: boolean): Workspace {
  if (previous && sameDims(previous.dims, dims) && previous.training === training) return previous;
  if (previous) arena.release(previous.block);
  const { batch, steps, inputDim, units, gates } = dims;
  const states = (steps + 1) * batch * units;
  const perStep = steps * batch * gates * units;
  const sizes = {
    xT: steps * batch * inputDim,
    // Inference keeps one step of gates: no backward pass needs them, and one block stays in cache.
    g: training ? perStep : batch * gates * units,
    h: states,
    s: states,
    dg: training ? perStep : 0,
    dh: training ? states : 0,
    scratch: training ? batch * units : 0,
    stage: steps * batch * Math.max(inputDim, units),
    xm: training && dims.inputDropout ? steps * batch * inputDim : 0,
    hm: training && dims.recurrentDropout ? states : 0,
    dhm: training && dims.recurrentDropout ? batch * units : 0,
  };
  const { block, ptrs } = allocParts(arena, sizes);
  // Zeroed: h and s keep block 0 as the initial state, which nothing else writes.
  arena.kernels.zero(block.bytes / 4, block.ptr);
  return { dims: { ...dims }, training, ...ptrs, inputMask: 0, recurrentMask: 0, active: null, block };
}

/** Byte pointer to step t's block of gates (the one shared block when the workspace is not for training). */
export function gatesAt(ws: Workspace, t: number): number {
  return ws.training ? ws.g + t * ws.dims.batch * ws.dims.gates * ws.dims.units * 4 : ws.g;
}

/** Frees a workspace's memory. */
export function releaseWorkspace(arena: Allocator, ws: Workspace): void {
  arena.release(ws.block);
}

// Recurrent dropout: each step's recurrence reads h_{t-1} ⊙ mask (tfjs and Keras mask the state itself, so a GRU's
// blend z h_{t-1} uses the masked state too); with no mask these are the plain states.

/** Byte pointer to the state step t's recurrence reads: block t of h, or of its masked copy. */
export function recurrentInput(ws: Workspace, t: number): number {
  return at(ws.recurrentMask ? ws.hm : ws.h, t * ws.dims.batch * ws.dims.units);
}

/** After a step wrote block t of h: its masked copy, for the next step. */
export function maskRecurrentInput(k: Kernels, ws: Workspace, t: number): void {
  if (!ws.recurrentMask) return;
  const block = ws.dims.batch * ws.dims.units;
  k.maskSteps(1, ws.dims.batch, ws.dims.units, at(ws.h, t * block), ws.recurrentMask, at(ws.hm, t * block));
}

/** Where a step adds its gradient w.r.t. its recurrent input: block t of dh, or the zeroed dhm when masked. */
export function recurrentGradient(k: Kernels, ws: Workspace, t: number): number {
  if (!ws.recurrentMask) return at(ws.dh, t * ws.dims.batch * ws.dims.units);
  k.zero(ws.dims.batch * ws.dims.units, ws.dhm);
  return ws.dhm;
}

/** Passes dhm back through the mask into block t of dh (nothing to do without a mask). */
export function foldRecurrentGradient(k: Kernels, ws: Workspace, t: number): void {
  if (!ws.recurrentMask) return;
  const block = ws.dims.batch * ws.dims.units;
  k.mulAdd(block, ws.dhm, ws.recurrentMask, at(ws.dh, t * block));
}

/** Rows step t computes: the whole batch, or the prefix ws.active gives. */
export function rowsAt(ws: Workspace, t: number): number {
  return ws.active ? ws.active[t] : ws.dims.batch;
}

/**
 * Backward, after step t's rows: zeroes the gradient rows past them in that step's block of dg (`cols` wide). The
 * products over every step at once (layer-pass.ts' dW, db and input gradient) read all rows, and a row whose text
 * has ended must add nothing. (dU runs step by step over the computed rows; the per-word path reads only real steps.)
 */
export function clearSkippedRows(k: Kernels, ws: Workspace, t: number, cols: number): void {
  const rows = rowsAt(ws, t);
  const { batch } = ws.dims;
  if (rows < batch) k.zero((batch - rows) * cols, at(ws.dg, (t * batch + rows) * cols));
}

/**
 * The recurrent kernel's gradient for gate columns [col, col + n): dU[:, col:col + n] += sum over steps t of
 * a_t^T dg_t[:, col:col + n], where a_t is block t of the states at `first` ([steps][batch][units], what step t's
 * recurrent product read). One product over every step's rows at once; with skipped rows (ws.active), one per step
 * over the rows it computed, since the others add only zeros.
 */
export function addRecurrentKernelGradient(k: Kernels, ws: Workspace, first: number, col: number, n: number, dU: number): void {
  const { batch, steps, units, gates } = ws.dims;
  const cols = gates * units;
  if (!ws.active) {
    k.gemm(units, n, steps * batch, first, 1, units, at(ws.dg, col), cols, at(dU, col), cols);
    return;
  }
  for (let t = 0; t < steps; t++) {
    const rows = ws.active[t];
    if (rows > 0) k.gemm(units, n, rows, at(first, t * batch * units), 1, units, at(ws.dg, t * batch * cols + col), cols, at(dU, col), cols);
  }
}
