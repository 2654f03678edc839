// Runs in: vitest (Node). How far two arrays of numbers are apart, for comparing implementations of one computation.
import { expect } from 'vitest';

/** max |a - b| / max |b|: relative to the scale of the reference, so entries near zero do not dominate. */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / Math.max(scale, 1e-12);
}
