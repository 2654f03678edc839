// Runs in: trainer process (plain Node). Early stopping on the validation loss, keeping a copy of the best weights.
import * as tf from '@tensorflow/tfjs';

export interface EarlyStoppingOptions {
  /** Epochs without improvement before training stops. */
  patience: number;
  /** A validation loss must be lower than the best by more than this to count as an improvement. */
  minDelta: number;
}

/**
 * Watches each epoch's validation loss. The weights of the best epoch are copied (clones; the model's own
 * variables keep training) so they can be put back when training ends, whichever way it ends.
 */
export class EarlyStopping {
  private best = Infinity;
  private waited = 0;
  private weights: tf.Tensor[] | null = null;
  bestEpoch: number | null = null;

  constructor(private readonly options: EarlyStoppingOptions) {}

  /** Records an epoch; returns true when training should stop now. */
  observe(model: tf.LayersModel, epoch: number, valLoss: number | null): boolean {
    if (valLoss === null || !Number.isFinite(valLoss)) return false;
    if (valLoss < this.best - this.options.minDelta) {
      this.best = valLoss;
      this.bestEpoch = epoch;
      this.waited = 0;
      tf.dispose(this.weights ?? []);
      this.weights = model.getWeights().map((w) => w.clone());
      return false;
    }
    this.waited++;
    return this.waited >= this.options.patience;
  }

  /** Puts the best epoch's weights back into the model (when any epoch was recorded) and frees the copy. */
  restore(model: tf.LayersModel): boolean {
    if (!this.weights) return false;
    model.setWeights(this.weights);
    this.dispose();
    return true;
  }

  dispose(): void {
    tf.dispose(this.weights ?? []);
    this.weights = null;
  }
}
