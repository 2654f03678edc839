// Runs in: trainer process (plain Node). A loaded model's recurrent stack and Dense head as plain numbers, and the
// stack run over one input sequence through the cell equations (both directions of a bidirectional layer).
import type * as tf from '@tensorflow/tfjs';
import type { CellType } from '../../../shared/model/config';
import type { InspectedDense, InspectedLayer, Matrix } from '../../../shared/model/inspect';
import { activationByName, GATE_ORDER, reverseTrace, traceCell, type CellSpec, type CellWeightsF64 } from './cell-equations';

export interface RecurrentPart extends CellSpec {
  layer: number;
  direction: 'forward' | 'backward';
  weights: CellWeightsF64;
}

export interface DensePart {
  kernel: Matrix;
  bias: number[];
  activation: string;
}

export interface ModelAnatomy {
  /** Per recurrent layer: one part, or two (forward, backward) for a bidirectional layer. */
  layers: RecurrentPart[][];
  dense: DensePart;
}

const CELLS: readonly string[] = ['SimpleRNN', 'LSTM', 'GRU'] satisfies CellType[];

interface RnnConfig {
  units: number;
  activation: string;
  recurrentActivation?: string;
  goBackwards?: boolean;
}

function partOf(rnn: tf.layers.Layer, layer: number): RecurrentPart {
  const cell = rnn.getClassName() as CellType;
  const config = rnn.getConfig() as unknown as RnnConfig;
  const [kernel, recurrentKernel, bias] = rnn.getWeights().map((w) => w.arraySync() as Matrix | number[]);
  const width = (kernel as Matrix)[0]?.length ?? GATE_ORDER[cell].length * config.units;
  return {
    layer,
    cell,
    units: config.units,
    direction: config.goBackwards ? 'backward' : 'forward',
    activation: config.activation,
    recurrentActivation: cell === 'SimpleRNN' ? null : (config.recurrentActivation ?? 'hardSigmoid'),
    // A layer without a bias adds zeros.
    weights: { kernel: kernel as Matrix, recurrentKernel: recurrentKernel as Matrix, bias: (bias as number[] | undefined) ?? new Array<number>(width).fill(0) },
  };
}

export function readAnatomy(model: tf.LayersModel): ModelAnatomy {
  const layers: RecurrentPart[][] = [];
  let dense: DensePart | null = null;
  for (const layer of model.layers) {
    const name = layer.getClassName();
    if (CELLS.includes(name)) layers.push([partOf(layer, layers.length)]);
    else if (name === 'Bidirectional') {
      const wrapper = layer as unknown as { forwardLayer: tf.layers.Layer; backwardLayer: tf.layers.Layer };
      layers.push([partOf(wrapper.forwardLayer, layers.length), partOf(wrapper.backwardLayer, layers.length)]);
    } else if (name === 'Dense') {
      const [kernel, bias] = layer.getWeights().map((w) => w.arraySync());
      const config = layer.getConfig() as { activation: string };
      dense = { kernel: kernel as Matrix, bias: (bias as number[] | undefined) ?? [], activation: config.activation };
    }
  }
  if (layers.length === 0 || !dense) throw new Error('The saved model has no recurrent layer or no Dense head to inspect');
  if (dense.bias.length === 0) dense.bias = new Array<number>(dense.kernel[0].length).fill(0);
  return { layers, dense };
}

/** Every layer over `inputs` ([steps][inputs], time order), and the Dense head's input (the last layer's final state). */
export function runStack(anatomy: ModelAnatomy, inputs: Matrix): { layers: InspectedLayer[]; finalState: number[] } {
  const out: InspectedLayer[] = [];
  let sequence = inputs;
  let finalState: number[] = [];
  for (const parts of anatomy.layers) {
    const traced = parts.map((part) => {
      const trace =
        part.direction === 'forward' ? traceCell(part, part.weights, sequence) : reverseTrace(traceCell(part, part.weights, [...sequence].reverse()));
      const inspected: InspectedLayer = {
        layer: part.layer,
        cell: part.cell,
        units: part.units,
        direction: part.direction,
        activation: part.activation,
        recurrentActivation: part.recurrentActivation,
        gateOrder: GATE_ORDER[part.cell].join(','),
        weights: part.weights,
        hiddenStates: trace.hidden,
        gates: trace.gates,
        preActivations: trace.preActivations,
        cellStates: trace.cellStates,
      };
      return inspected;
    });
    out.push(...traced);
    // The next layer reads forward and backward states side by side (tfjs' mergeMode 'concat'); the final state of
    // a backward pass is the one at step 0, where it ended.
    sequence = sequence.map((_, t) => traced.flatMap((l) => l.hiddenStates[t]));
    finalState = traced.flatMap((l) => (l.direction === 'forward' ? l.hiddenStates[l.hiddenStates.length - 1] : l.hiddenStates[0]));
  }
  return { layers: out, finalState };
}

/** The Dense head on `input`: x K + b, then its activation (a softmax over all outputs). */
export function runDense(dense: DensePart, input: number[]): InspectedDense {
  const pre = dense.bias.map((b, j) => input.reduce((sum, x, i) => sum + x * dense.kernel[i][j], b));
  let output: number[];
  if (dense.activation === 'softmax') {
    const top = Math.max(...pre);
    const exp = pre.map((v) => Math.exp(v - top));
    const total = exp.reduce((a, b) => a + b, 0);
    output = exp.map((v) => v / total);
  } else {
    output = pre.map(activationByName(dense.activation));
  }
  return { kernel: dense.kernel, bias: dense.bias, activation: dense.activation, input, output };
}
