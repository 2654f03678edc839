// Runs in: trainer process (plain Node). The buffers one fused recurrent layer keeps between batches.
// Layout is time-major ([step][sample][...]) so one step of the whole batch is one contiguous block: the
// recurrent product of a step is then a single small matrix product instead of one per sample.

export interface Dims {
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
  /** Blocks of `units` columns in the kernels: 1 (SimpleRNN), 3 (GRU), 4 (LSTM). */
  gates: number;
}

export interface Workspace {
  dims: Dims;
  /** Inputs in processing order, [steps][batch][inputDim] (reversed in time for goBackwards). */
  xT: Float32Array;
  /** Per step: x·W + b on entry to the cell's forward, then whatever the cell keeps (gate activations). */
  g: Float32Array;
  /** Hidden states [steps + 1][batch][units]; block 0 is the zero initial state. */
  h: Float32Array;
  /** A second per-step state of the same shape (LSTM: the carry c; GRU: r * h_prev). Empty for SimpleRNN. */
  s: Float32Array;
  /** Gradient w.r.t. g's pre-activations (x·W + b), [steps][batch][gates * units]. */
  dg: Float32Array;
  /** Gradient w.r.t. h, same shape as h. */
  dh: Float32Array;
  /** One step of scratch [batch][units] (LSTM: the running carry gradient; GRU: the gradient of r * h_prev). */
  scratch: Float32Array;
}

function sameDims(a: Dims, b: Dims): boolean {
  return (
    a.batch === b.batch && a.steps === b.steps && a.inputDim === b.inputDim && a.units === b.units && a.gates === b.gates
  );
}

/** Reuses `previous` when the shapes match (the usual case: every batch but the last of an epoch), else allocates. */
export function workspaceFor(previous: Workspace | null, dims: Dims, needsState: boolean): Workspace {
  if (previous && sameDims(previous.dims, dims)) return previous;
  const { batch, steps, inputDim, units, gates } = dims;
  const states = (steps + 1) * batch * units;
  return {
    dims: { ...dims },
    xT: new Float32Array(steps * batch * inputDim),
    g: new Float32Array(steps * batch * gates * units),
    h: new Float32Array(states),
    s: new Float32Array(needsState ? states : 0),
    dg: new Float32Array(steps * batch * gates * units),
    dh: new Float32Array(states),
    scratch: new Float32Array(batch * units),
  };
}
