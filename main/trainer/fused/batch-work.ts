// Runs in: trainer process (plain Node). How much arithmetic one training batch of a recurrent model is: 'auto'
// threads stop where another thread's share of a batch would be too small to pay for handing it over.
import type { CellType } from '../../../shared/model/config';

const GATES: Record<CellType, number> = { SimpleRNN: 1, GRU: 3, LSTM: 4 };

export interface RecurrentShape {
  cell: CellType;
  layers: number;
  hiddenUnits: number;
  bidirectional: boolean;
  /** Steps per example: the window, or a text's maximum length. */
  steps: number;
  /** Numbers per step into the first layer: the features, or the embedding's width. */
  inputDim: number;
}

/**
 * Multiply-adds of one training step over `batch` examples in the recurrent layers: each step's products x W and
 * h U forward, and about twice that backward (the gradients of the states and of the weights). The Dense head and
 * the element-wise steps are small beside them.
 */
export function trainingMultiplyAdds(shape: RecurrentShape, batch: number): number {
  const directions = shape.bidirectional ? 2 : 1;
  let perStep = 0;
  for (let layer = 0; layer < shape.layers; layer++) {
    const inputDim = layer === 0 ? shape.inputDim : shape.hiddenUnits * directions;
    perStep += directions * GATES[shape.cell] * shape.hiddenUnits * (inputDim + shape.hiddenUnits);
  }
  return 3 * perStep * shape.steps * batch;
}
