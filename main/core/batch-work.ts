// Runs in: both processes (plain Node). How much arithmetic one training batch of a recurrent model is: 'auto'
// threads stop where another thread's share of a batch would be too small to pay for handing it over. The trainer
// decides a run's threads with it (kernel-threads.ts' resolveThreads); the main process's core shares
// (core-shares.ts) give an 'auto' run no more cores than it will use.
import type { CellType, RunConfig } from '../../shared/model/config';
import { CELL_GATES } from '../../shared/model/model-summary';

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
    perStep += directions * CELL_GATES[shape.cell] * shape.hiddenUnits * (inputDim + shape.hiddenUnits);
  }
  return 3 * perStep * shape.steps * batch;
}

// 'auto' gives each thread at least this many multiply-adds of a training batch: a smaller share costs more in
// hand-offs than it saves. Measured, two threads against one at batch 64 (train bench, fused net, medians of 2-3
// runs; the share each thread gets in brackets): SimpleRNN 32 at window 5 0.68x (0.5M), at window 10 0.92x (1.0M),
// at window 16 1.10x (1.6M); GRU 32 at window 5 1.15x (1.5M); LSTM 32 at window 5 1.12x (2.0M); SimpleRNN 32 at
// window 64 1.60x (6.5M).
export const AUTO_MIN_WORK = 1_250_000;

/**
 * The most threads worth sharing a batch of `batchWork` multiply-adds among (at least one). A work that is not a
 * number (a config missing a field the estimate reads) sets no limit, as before the estimate existed.
 */
export function autoThreadLimit(batchWork: number): number {
  if (Number.isNaN(batchWork)) return Infinity;
  return Math.max(1, Math.floor(batchWork / AUTO_MIN_WORK));
}

/**
 * A run's batch work from its config. A forecast's inputs per step are `forecastInputs` when its data has been read
 * (a categorical column becomes several one-hot inputs); without it, one per column: a lower bound.
 */
export function configBatchWork(config: RunConfig, forecastInputs?: number): number {
  const text = config.task === 'text';
  return trainingMultiplyAdds(
    {
      ...config,
      steps: text ? config.maxLength : config.window,
      inputDim: text ? config.embeddingDim : (forecastInputs ?? config.features.length),
    },
    config.batchSize,
  );
}
