// Runs in: renderer. How the course writes each cell's pieces: the symbol of each gate block, the activation it goes
// through, and the names of the weight matrices, so the equations and the step computation read the same.
import type { InspectedLayer } from '../../shared/model/inspect';

/** The course's letter for a gate block: LSTM's candidate block "c" is g, GRU's "h" block is the candidate h̃. */
export function gateSymbol(cell: InspectedLayer['cell'], gate: string): string {
  if (cell === 'LSTM' && gate === 'c') return 'g';
  if (cell === 'GRU' && gate === 'h') return 'h̃';
  return gate;
}

/** What a gate block is, in words. */
export function gateMeaning(cell: InspectedLayer['cell'], gate: string): string {
  if (cell === 'SimpleRNN') return 'hidden state';
  const names: Record<string, string> =
    cell === 'LSTM'
      ? { i: 'input gate', f: 'forget gate', c: 'candidate', o: 'output gate' }
      : { z: 'update gate', r: 'reset gate', h: 'candidate' };
  return names[gate] ?? gate;
}

/** The activation's written name: σ for the gates' sigmoid (hard or not), tanh for states. */
export function activationSymbol(name: string): string {
  if (name === 'sigmoid') return 'σ';
  if (name === 'hardSigmoid') return 'σ̂';
  return name;
}

export function activationNote(layer: Pick<InspectedLayer, 'recurrentActivation'>): string | null {
  if (layer.recurrentActivation === 'hardSigmoid') return 'σ̂ is the hard sigmoid clip(0.2·z + 0.5, 0, 1), TensorFlow.js\' default gate activation for this run.';
  if (layer.recurrentActivation === 'sigmoid') return 'σ is the logistic sigmoid 1 / (1 + e^−z).';
  return null;
}

/** The suffix of W_x?, W_h? and b_? for a gate block (SimpleRNN: W_xh, W_hh and b). */
export function weightSuffix(cell: InspectedLayer['cell'], gate: string): string {
  return cell === 'SimpleRNN' ? 'h' : gateSymbol(cell, gate);
}

/** Plain-text names of a block's three weights, as their buttons and captions are labelled. */
export function weightNames(cell: InspectedLayer['cell'], gate: string): { kernel: string; recurrent: string; bias: string } {
  const s = weightSuffix(cell, gate);
  return { kernel: `W_x${s}`, recurrent: `W_h${s}`, bias: cell === 'SimpleRNN' ? 'b' : `b_${s}` };
}

/** A layer's title: "Layer 1 · LSTM, 16 units · backward". */
export function layerTitle(layer: Pick<InspectedLayer, 'layer' | 'cell' | 'units' | 'direction'>, bidirectional: boolean): string {
  const base = `Layer ${layer.layer + 1} · ${layer.cell}, ${layer.units} units`;
  return bidirectional ? `${base} · ${layer.direction}` : base;
}
