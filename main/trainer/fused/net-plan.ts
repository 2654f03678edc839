// Runs in: trainer process (plain Node). Reads a tfjs forecast model into the whole-model net's plan: which cells,
// which directions, where each weight lives in the parameter block. Returns null for models the net does not cover.
import * as tf from '@tensorflow/tfjs';
import { dropoutRates, FusedGRU, FusedLSTM, FusedSimpleRNN, fusableCell, FUSED_BACKENDS } from './fused-layers';
import type { CellName, DirectionPlan, NetPlan } from './net-pass';

/** A model weight and where it sits in the net's parameter (and gradient) blocks. */
export interface ParamRef {
  variable: tf.LayerVariable;
  floats: number;
  /** Float offset; every weight starts 64-byte aligned. */
  offset: number;
}

export interface ModelPlan {
  plan: NetPlan;
  /** In the model's weight order. */
  params: ParamRef[];
}

export function cellName(layer: tf.layers.Layer): CellName | null {
  if (layer instanceof FusedSimpleRNN) return 'SimpleRNN';
  if (layer instanceof FusedLSTM) return 'LSTM';
  if (layer instanceof FusedGRU) return 'GRU';
  return null;
}

/** A Bidirectional wrapper's two layers (tfjs keeps them as fields), or null for any other layer. */
export function bidirectionalPair(layer: tf.layers.Layer): [tf.RNN, tf.RNN] | null {
  if (layer.getClassName() !== 'Bidirectional') return null;
  const wrapper = layer as unknown as { forwardLayer: tf.RNN; backwardLayer: tf.RNN; mergeMode: string };
  return wrapper.mergeMode === 'concat' ? [wrapper.forwardLayer, wrapper.backwardLayer] : null;
}

/** The recurrent layers a stage runs (forward first), or null when a layer is not one the net computes. */
function stageLayers(layer: tf.layers.Layer, returnSequences: boolean): tf.RNN[] | null {
  const pair = bidirectionalPair(layer);
  const rnns = pair ?? [layer as tf.RNN];
  const goBackwards = pair ? [false, true] : [false];
  const ok = rnns.every(
    (rnn, d) => cellName(rnn) !== null && fusableCell(rnn) && rnn.goBackwards === goBackwards[d] && rnn.returnSequences === returnSequences,
  );
  return ok ? rnns : null;
}

export function planModel(model: tf.LayersModel): ModelPlan | null {
  const layers = model.layers;
  if (layers.length < 2 || !FUSED_BACKENDS.includes(tf.getBackend())) return null;
  const head = layers[layers.length - 1];
  if (head.getClassName() !== 'Dense') return null;
  const headConfig = head.getConfig() as { activation?: string; useBias?: boolean };
  if (headConfig.activation !== 'linear' || headConfig.useBias === false) return null;
  const lossName = Array.isArray(model.loss) ? model.loss[0] : model.loss;
  if (lossName !== 'meanSquaredError' && lossName !== 'mse') return null;
  const shape = model.inputs[0].shape;
  if (shape.length !== 3 || shape[1] == null || shape[2] == null) return null;
  const [steps, features] = [shape[1], shape[2]];

  const stages: tf.RNN[][] = [];
  for (let i = 0; i < layers.length - 1; i++) {
    const rnns = stageLayers(layers[i], i < layers.length - 2);
    if (!rnns) return null;
    stages.push(rnns);
  }

  let size = 0;
  const params: ParamRef[] = [];
  const param = (variable: tf.LayerVariable): number => {
    const floats = variable.shape.reduce((a: number, b) => a * (b ?? 1), 1);
    params.push({ variable, floats, offset: size });
    const offset = size;
    size += Math.ceil(floats / 16) * 16;
    return offset;
  };
  let inputDim = features;
  const stagePlans = stages.map((rnns) => {
    const dirs = rnns.map((rnn): DirectionPlan => {
      const [w, u, bias] = rnn.weights;
      return {
        cell: cellName(rnn) as CellName,
        inputDim,
        units: u.shape[0] as number,
        w: param(w),
        u: param(u),
        bias: param(bias),
        ...dropoutRates(rnn),
      };
    });
    inputDim = dirs.length * dirs[0].units;
    return dirs;
  });
  const denseW = param(head.weights[0]);
  const denseB = param(head.weights[1]);
  const plan: NetPlan = {
    steps, features, horizon: head.weights[1].shape[0] as number, stages: stagePlans, denseW, denseB, size,
    biggest: Math.max(...params.map((p) => p.floats)),
  };
  return { plan, params };
}
