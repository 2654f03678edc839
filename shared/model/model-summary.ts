// Runs in: renderer and main. The forecast network's layers, output shapes and parameter count, computed from the
// settings alone (no TensorFlow.js), so the setup form can show them before anything is built.
import type { CellType } from './config';

export interface ModelShapeSpec {
  cell: CellType;
  layers: number;
  hiddenUnits: number;
  bidirectional: boolean;
  window: number;
  /** Input columns per step. */
  features: number;
  horizon: number;
}

export interface LayerSummary {
  /** e.g. "LSTM", "Bidirectional(GRU)", "Dense". */
  name: string;
  /** Without the batch dimension: [window, units] when the layer returns sequences, else [units]. */
  outputShape: number[];
  params: number;
}

export interface ModelSummary {
  layers: LayerSummary[];
  totalParams: number;
}

/** Weight matrices per cell: SimpleRNN one, GRU three gates (tfjs' GRU has one bias per gate), LSTM four. */
export const CELL_GATES: Record<CellType, number> = { SimpleRNN: 1, GRU: 3, LSTM: 4 };

/** Kernel (input x units), recurrent kernel (units x units) and bias (units) for every gate. */
function recurrentParams(cell: CellType, inputDim: number, units: number): number {
  return CELL_GATES[cell] * units * (inputDim + units + 1);
}

/** Mirrors main/trainer/model.ts: stacked recurrent layers (sequences between them), then Dense(horizon). */
export function summarizeForecastModel(spec: ModelShapeSpec): ModelSummary {
  const layers: LayerSummary[] = [];
  const directions = spec.bidirectional ? 2 : 1;
  let inputDim = spec.features;
  for (let i = 0; i < spec.layers; i++) {
    const last = i === spec.layers - 1;
    const outputDim = directions * spec.hiddenUnits;
    layers.push({
      name: spec.bidirectional ? `Bidirectional(${spec.cell})` : spec.cell,
      outputShape: last ? [outputDim] : [spec.window, outputDim],
      params: directions * recurrentParams(spec.cell, inputDim, spec.hiddenUnits),
    });
    inputDim = outputDim;
  }
  layers.push({ name: 'Dense', outputShape: [spec.horizon], params: inputDim * spec.horizon + spec.horizon });
  return { layers, totalParams: layers.reduce((sum, layer) => sum + layer.params, 0) };
}

/** "2 layers · 3,457 parameters": the recurrent layers (the Dense output layer is implied) and every weight. */
export function describeModelSummary(summary: ModelSummary): string {
  const recurrent = summary.layers.length - 1;
  const params = summary.totalParams.toLocaleString('en-US');
  return `${recurrent} ${recurrent === 1 ? 'layer' : 'layers'} · ${params} ${summary.totalParams === 1 ? 'parameter' : 'parameters'}`;
}

/** "(64, 32)": a layer's output shape the way Keras prints it, batch dimension left out. */
export function formatShape(shape: number[]): string {
  return `(${shape.join(', ')})`;
}
