// Runs in: vitest (node). The multiply-add ceiling kernel `npm run bench -- kernels` divides by: its result must be
// that of all twelve chains, each round's 48 multiply-adds (the bench's timing is its own business).
import { describe, expect, it } from 'vitest';
import { kernelArena } from '../../main/trainer/fused/wasm-kernels';

/** The kernel's sum the slow way: twelve chains c <- c * 0.999 + 1e-4 from seed + i, one lane summed over chains. */
function expectedSum(rounds: number, seed: number): number {
  let sum = 0;
  for (let chain = 0; chain < 12; chain++) {
    let c = Math.fround(seed + chain);
    for (let r = 0; r < rounds; r++) c = Math.fround(c * Math.fround(0.999) + Math.fround(1e-4));
    sum += c;
  }
  return sum;
}

describe('multiplyAddPeak', () => {
  it('computes every chain: the sum matches twelve chains run in plain arithmetic', () => {
    const k = kernelArena().kernels;
    for (const [rounds, seed] of [[0, 1], [1, 2], [1000, 0.5]]) {
      expect(k.multiplyAddPeak(rounds, seed)).toBeCloseTo(expectedSum(rounds, seed), 3);
    }
  });
});
