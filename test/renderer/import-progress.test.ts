// Runs in: vitest (jsdom project, pure logic). One progress figure over an import made of parts (upload, then main
// reading the file): laid end to end by weight, never going back, short of 100% until the answer is in.
import { describe, expect, it } from 'vitest';
import { BEFORE_ANSWER, overallFraction, type ImportPhases } from '../../renderer/import/import-progress';

const feed = (weights: number[], fractions: number[]) => {
  let state: ImportPhases = { weights, phase: 0, last: 0 };
  return fractions.map((f) => (state = overallFraction(state, f)).overall);
};

describe('import progress', () => {
  it('puts the upload and the reading end to end by weight', () => {
    const figures = feed([0.4, 0.6], [0.5, 1, 0.05, 0.5, 1]);
    expect(figures.slice(0, 4)).toEqual([0.2, 0.4, 0.4 + 0.6 * 0.05, 0.4 + 0.6 * 0.5].map((v) => expect.closeTo(v, 10)));
    expect(figures[4]).toBe(BEFORE_ANSWER);
  });

  it('never goes back, and a single part is the whole figure', () => {
    const figures = feed([1], [0.3, 0.2, 0.6]) as number[];
    expect(figures).toEqual([0.3, 0.3, 0.6]);
  });
});
