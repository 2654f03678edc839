// Runs in: trainer process (plain Node). The whole-model net's dropout masks, drawn from Seqlab's own seeded
// generator (tfjs' masks come from an unseeded one inside its ops): one mask per sequence and layer direction, for
// its inputs and for its recurrent state, the same at every step (as Keras and tfjs apply them), inverted-dropout
// scaled as Keras does: kept values are 1 / (1 - rate), dropped ones 0, so the expected input is unchanged.
import { createRng } from '../../core/rng';

/** Fills `mask` with 0 (probability `rate`) or 1 / (1 - rate). */
export function drawMask(mask: Float32Array, rate: number, random: () => number): void {
  const kept = 1 / (1 - rate);
  for (let i = 0; i < mask.length; i++) mask[i] = random() < rate ? 0 : kept;
}

/** One generator per net: a fixed seed gives the same masks, step after step, so a run repeats exactly. */
export class MaskSource {
  private readonly random: () => number;
  constructor(seed: number) {
    // Apart from the shuffling generator seeded with the same number.
    this.random = createRng((seed ^ 0x5bd1e995) >>> 0);
  }
  draw(mask: Float32Array, rate: number): void {
    drawMask(mask, rate, this.random);
  }
}
