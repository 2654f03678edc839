// Runs in: trainer process (plain Node). Reads a tfjs model into the whole-model net's plan: which cells, which
// directions, where each weight lives in the parameter block. Covers the forecast model (recurrent stages -> Dense)
// and the text model (Embedding -> recurrent layers -> LastRealStep -> Dense with sigmoid or softmax); returns null
// for models the net does not cover.
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

/** Lays out the parameters in order (each 64-byte aligned) and records where each weight went. */
class ParamLayout {
  size = 0;
  readonly refs: ParamRef[] = [];
  add(variable: tf.LayerVariable): number {
    const floats = variable.shape.reduce((a: number, b) => a * (b ?? 1), 1);
    const offset = this.size;
    this.refs.push({ variable, floats, offset });
    this.size += Math.ceil(floats / 16) * 16;
    return offset;
  }
}

function planStages(stages: tf.RNN[][], inputDim: number, params: ParamLayout): DirectionPlan[][] {
  return stages.map((rnns) => {
    const dirs = rnns.map((rnn): DirectionPlan => {
      const [w, u, bias] = rnn.weights;
      return {
        cell: cellName(rnn) as CellName,
        inputDim,
        units: u.shape[0] as number,
        w: params.add(w),
        u: params.add(u),
        bias: params.add(bias),
        ...dropoutRates(rnn),
      };
    });
    inputDim = dirs.length * dirs[0].units;
    return dirs;
  });
}

/** The Dense head's weights, and the plan's remaining fields. */
function finish(
  base: Omit<NetPlan, 'denseW' | 'denseB' | 'size' | 'biggest' | 'horizon'>, head: tf.layers.Layer, params: ParamLayout,
): ModelPlan {
  const denseW = params.add(head.weights[0]);
  const denseB = params.add(head.weights[1]);
  const plan: NetPlan = {
    ...base, horizon: head.weights[1].shape[0] as number, denseW, denseB, size: params.size,
    biggest: Math.max(...params.refs.map((p) => p.floats)),
  };
  return { plan, params: params.refs };
}

function lossOf(model: tf.LayersModel): unknown {
  return Array.isArray(model.loss) ? model.loss[0] : model.loss;
}

function denseHead(layer: tf.layers.Layer): string | null {
  if (layer.getClassName() !== 'Dense') return null;
  const config = layer.getConfig() as { activation?: string; useBias?: boolean };
  return config.useBias === false ? null : (config.activation ?? null);
}

/** The forecast model: [recurrent stage]... -> Dense (linear), MSE. */
export function planModel(model: tf.LayersModel): ModelPlan | null {
  const layers = model.layers;
  if (layers.length < 2 || !FUSED_BACKENDS.includes(tf.getBackend())) return null;
  const head = layers[layers.length - 1];
  if (denseHead(head) !== 'linear') return null;
  const lossName = lossOf(model);
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
  const params = new ParamLayout();
  const planned = planStages(stages, features, params);
  return finish({ steps, features, input: { kind: 'windows' }, head: 'mse', lastRealStep: false, maskedTexts: false, stages: planned }, head, params);
}

/**
 * The text model (text-model.ts), one of two forms, both ending in Dense (sigmoid with binary cross-entropy, or
 * softmax with categorical cross-entropy); the model sees padding as id `pad` at the end of each text:
 * - ids -> Embedding (no mask) -> one-direction recurrent layers returning every step -> LastRealStep -> Dense;
 * - ids -> Embedding (maskZero, pad 0) -> bidirectional layers (the last returning its final states) -> Dense: each
 *   direction reads only the text's words, the backward one from the last word (net-pass.ts' masked texts).
 */
export function planTextModel(model: tf.LayersModel, pad: number): ModelPlan | null {
  if (!FUSED_BACKENDS.includes(tf.getBackend())) return null;
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  const embedding = layers[0];
  const masked = (embedding?.getConfig() as { maskZero?: boolean } | undefined)?.maskZero === true;
  if (masked) return planMaskedTextModel(model, layers, pad);
  if (layers.length < 4) return null;
  const [, ...rest] = layers;
  const head = rest[rest.length - 1];
  const picker = rest[rest.length - 2];
  const rnns = rest.slice(0, -2);
  if (embedding.getClassName() !== 'Embedding' || picker.getClassName() !== 'LastRealStep') return null;
  const kind = textHead(model, head);
  if (!kind) return null;
  const stages = rnns.map((layer) => stageLayers(layer, true));
  if (stages.some((stage) => stage === null || stage.length !== 1)) return null;
  return finishText(model, embedding, stages as tf.RNN[][], kind, head, pad, false);
}

/** The masked bidirectional form: every recurrent layer a Bidirectional pair; the padding id must be the mask's 0. */
function planMaskedTextModel(model: tf.LayersModel, layers: tf.layers.Layer[], pad: number): ModelPlan | null {
  if (pad !== 0 || layers.length < 3 || layers[0].getClassName() !== 'Embedding') return null;
  const head = layers[layers.length - 1];
  const rnns = layers.slice(1, -1);
  const kind = textHead(model, head);
  if (!kind) return null;
  const stages = rnns.map((layer, i) => stageLayers(layer, i < rnns.length - 1));
  if (stages.some((stage) => stage === null || stage.length !== 2)) return null;
  return finishText(model, layers[0], stages as tf.RNN[][], kind, head, pad, true);
}

function textHead(model: tf.LayersModel, head: tf.layers.Layer): 'sigmoid' | 'softmax' | null {
  const activation = denseHead(head);
  const lossName = lossOf(model);
  return activation === 'sigmoid' && lossName === 'binaryCrossentropy' ? 'sigmoid'
    : activation === 'softmax' && lossName === 'categoricalCrossentropy' ? 'softmax' : null;
}

function finishText(
  model: tf.LayersModel, embedding: tf.layers.Layer, stages: tf.RNN[][], kind: 'sigmoid' | 'softmax', head: tf.layers.Layer,
  pad: number, maskedTexts: boolean,
): ModelPlan | null {
  const shape = model.inputs[0].shape;
  if (shape.length !== 2 || shape[1] == null) return null;
  const [vocab, dim] = embedding.weights[0].shape as number[];
  const params = new ParamLayout();
  const table = params.add(embedding.weights[0]);
  const planned = planStages(stages, dim, params);
  return finish(
    { steps: shape[1], features: dim, input: { kind: 'tokens', vocab, table, pad }, head: kind, lastRealStep: true, maskedTexts, stages: planned },
    head, params,
  );
}
