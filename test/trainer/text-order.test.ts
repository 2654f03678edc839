// Runs in: vitest (Node). The order the fused text net runs a batch in (main/trainer/fused/text-order.ts): a
// permutation of the rows, each pass's slice longest text first, the slices of a split batch about equally long.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { copyRowsBack, copyRowsInOrder, longestFirst } from '../../main/trainer/fused/text-order';

const PAD = 0;
const STEPS = 12;

/** Texts of the given lengths, padded at the end. */
function idsOf(lengths: number[]): Int32Array {
  const ids = new Int32Array(lengths.length * STEPS).fill(PAD);
  lengths.forEach((length, r) => ids.fill(7, r * STEPS, r * STEPS + length));
  return ids;
}

/** Slice sizes as the net cuts a batch into `parts` passes. */
function slicesOf(count: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, j) => Math.floor(((j + 1) * count) / parts) - Math.floor((j * count) / parts));
}

describe('longest text first', () => {
  it('is a permutation with each slice sorted longest first and split batches balanced', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: STEPS }), { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 4 }), (lengths, wanted) => {
        const parts = Math.min(wanted, lengths.length);
        const sizes = slicesOf(lengths.length, parts);
        const order = longestFirst(idsOf(lengths), lengths.length, STEPS, PAD, sizes);
        expect([...order].sort((a, b) => a - b)).toEqual(lengths.map((_, r) => r));
        let first = 0;
        const totals: number[] = [];
        for (const size of sizes) {
          const slice = [...order.subarray(first, first + size)].map((r) => lengths[r]);
          expect(slice).toEqual([...slice].sort((a, b) => b - a));
          totals.push(slice.reduce((a, b) => a + b, 0));
          first += size;
        }
        // Dealt from the longest down, no slice is ahead of another by more than one longest text (plus one row's
        // worth where the sizes differ by one).
        expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(2 * STEPS);
      }),
    );
  });

  it('keeps texts of equal length in their given order, so a run repeats', () => {
    expect([...longestFirst(idsOf([3, 5, 3, 5, 0]), 5, STEPS, PAD)]).toEqual([1, 3, 0, 2, 4]);
  });

  it('puts rows back where the caller had them', () => {
    const src = Float32Array.from([10, 11, 20, 21, 30, 31]);
    const order = Int32Array.from([2, 0, 1]);
    const inNetOrder = new Float32Array(6);
    copyRowsInOrder(inNetOrder, src, 3, 2, order);
    expect([...inNetOrder]).toEqual([30, 31, 10, 11, 20, 21]);
    const back = new Float32Array(6);
    copyRowsBack(back, inNetOrder, 3, 2, order);
    expect([...back]).toEqual([...src]);
  });
});
