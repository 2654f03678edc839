// Runs in: trainer process (plain Node). A seeded random split that keeps each class's share in every part:
// reviews are not in time order, so the forecast's split-by-time does not apply.
import { createRng, shuffleInPlace } from '../rng';

export interface SplitIndices {
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
}

export function stratifiedSplit(
  labels: Int32Array,
  classCount: number,
  fractions: { train: number; validation: number },
  seed: number,
): SplitIndices {
  const random = createRng(seed);
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  for (let k = 0; k < classCount; k++) {
    const members: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === k) members.push(i);
    const order = shuffleInPlace(Uint32Array.from(members), random);
    const nTrain = Math.round(order.length * fractions.train);
    const nValidation = Math.min(order.length - nTrain, Math.round(order.length * fractions.validation));
    train.push(...order.subarray(0, nTrain));
    validation.push(...order.subarray(nTrain, nTrain + nValidation));
    test.push(...order.subarray(nTrain + nValidation));
  }
  // Ascending row order within a part: the fit loop shuffles the training part itself.
  const sorted = (xs: number[]) => Uint32Array.from(xs).sort();
  return { train: sorted(train), validation: sorted(validation), test: sorted(test) };
}
