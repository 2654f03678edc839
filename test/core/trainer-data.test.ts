// Runs in: vitest (Node). The forecast pipeline's pure parts on small arrays checked by hand or by a naive reference.
import { describe, expect, it } from 'vitest';
import { splitRows } from '../../main/core/forecast/split';
import { applyZScore, fitZScore, invertZScore } from '../../main/core/forecast/scaling';
import { gatherBatch, makeWindows, possibleWindows, windowTruth } from '../../main/core/forecast/windowing';
import { forecastMetrics } from '../../main/trainer/metrics';
import { persistenceForecast } from '../../main/trainer/baselines';
import { createRng, identityOrder, shuffleInPlace } from '../../main/core/rng';
import { isUserError } from '../../shared/util/errors';

describe('splitRows', () => {
  it('cuts rows by time into train, validation and the rest as test', () => {
    expect(splitRows(100, { train: 0.7, validation: 0.15 })).toEqual({
      train: { start: 0, end: 70 },
      validation: { start: 70, end: 85 },
      test: { start: 85, end: 100 },
    });
    // 10 * 0.7 = 7, 10 * 0.85 = 8.5 -> 8: whole rows, never past the end.
    expect(splitRows(10, { train: 0.7, validation: 0.15 })).toEqual({
      train: { start: 0, end: 7 },
      validation: { start: 7, end: 8 },
      test: { start: 8, end: 10 },
    });
  });

  it('rejects fractions that leave no test rows, saying how to fix them', () => {
    let caught: unknown;
    try {
      splitRows(100, { train: 0.8, validation: 0.2 });
    } catch (error) {
      caught = error;
    }
    expect(isUserError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/test split: use e\.g\. train 0\.7/);
  });
});

describe('z-score scaling', () => {
  it('fits on the given rows only, ignoring missing values', () => {
    const values = Float64Array.from([1, 2, 3, NaN, 100]);
    const scaler = fitZScore(values, { start: 0, end: 4 });
    // mean of 1,2,3 = 2; population variance = (1 + 0 + 1) / 3.
    expect(scaler?.mean).toBeCloseTo(2, 12);
    expect(scaler?.std).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(scaler?.constant).toBe(false);
    const scaled = applyZScore(values, scaler!);
    expect(scaled[0]).toBeCloseTo(-1 / Math.sqrt(2 / 3), 5);
    expect(scaled[4]).toBeCloseTo(98 / Math.sqrt(2 / 3), 3);
    expect(Number.isNaN(scaled[3])).toBe(true);
    const back = invertZScore(scaled, scaler!);
    expect(back[4]).toBeCloseTo(100, 4);
  });

  it('keeps a constant column finite and reports it, and returns null when nothing is there', () => {
    const constant = fitZScore(Float64Array.from([5, 5, 5]), { start: 0, end: 3 });
    expect(constant).toEqual({ mean: 5, std: 1, constant: true });
    expect(fitZScore(Float64Array.from([NaN, NaN, 7]), { start: 0, end: 2 })).toBeNull();
  });
});

/** Naive reference: check every value a window uses, one by one. */
function referenceWindows(
  inputs: number[][],
  target: number[],
  start: number,
  end: number,
  window: number,
  horizon: number,
): { x: number[]; y: number[]; rows: number[]; skipped: number } {
  const out = { x: [] as number[], y: [] as number[], rows: [] as number[], skipped: 0 };
  for (let r = start; r + window + horizon <= end; r++) {
    const used: number[] = [];
    for (let t = r; t < r + window; t++) for (const column of inputs) used.push(column[t]);
    const targets = target.slice(r + window, r + window + horizon);
    if ([...used, ...targets, target[r + window - 1]].some(Number.isNaN)) {
      out.skipped++;
      continue;
    }
    out.x.push(...used);
    out.y.push(...targets);
    out.rows.push(r + window);
  }
  return out;
}

describe('makeWindows', () => {
  it('lays out [count, window, features] with the next horizon targets', () => {
    const a = Float32Array.from([0, 1, 2, 3, 4, 5]);
    const b = Float32Array.from([10, 11, 12, 13, 14, 15]);
    const set = makeWindows([a, b], a, { start: 0, end: 6 }, 3, 2);
    expect(set.count).toBe(2);
    expect(Array.from(set.x)).toEqual([0, 10, 1, 11, 2, 12, 1, 11, 2, 12, 3, 13]);
    expect(Array.from(set.y)).toEqual([3, 4, 4, 5]);
    expect(Array.from(set.firstTargetRow)).toEqual([3, 4]);
    expect(set.skipped).toBe(0);
    expect(possibleWindows(6, 3, 2)).toBe(2);
    expect(possibleWindows(4, 3, 2)).toBe(0);
  });

  it('stays inside its range and drops exactly the windows touching a missing value', () => {
    const rows = 40;
    const random = createRng(7);
    const cols = [0, 1].map(() => Array.from({ length: rows }, () => Math.round(random() * 100)));
    const target = Array.from({ length: rows }, (_, i) => i * 0.5);
    cols[0][12] = NaN;
    cols[1][25] = NaN;
    target[30] = NaN;
    target[18] = NaN; // not an input column: only matters as a target or a window's last observed value
    const expected = referenceWindows(cols, target, 5, 37, 4, 2);
    const set = makeWindows(
      cols.map((c) => Float32Array.from(c)),
      Float32Array.from(target),
      { start: 5, end: 37 },
      4,
      2,
    );
    expect(set.count).toBe(expected.rows.length);
    expect(set.skipped).toBe(expected.skipped);
    expect(set.skipped).toBeGreaterThan(0);
    expect(Array.from(set.firstTargetRow)).toEqual(expected.rows);
    expect(Array.from(set.x)).toEqual(expected.x);
    expect(Array.from(set.y)).toEqual(expected.y);
    expect(Array.from(windowTruth(Float64Array.from(target), set.firstTargetRow, 2))).toEqual(expected.y);
  });

  it('gathers shuffled batches window by window', () => {
    const a = Float32Array.from([0, 1, 2, 3, 4, 5, 6]);
    const set = makeWindows([a], a, { start: 0, end: 7 }, 2, 1);
    const batch = gatherBatch(set, Uint32Array.from([4, 0, 2]), 1, 3);
    expect(batch.size).toBe(2);
    expect(Array.from(batch.x)).toEqual([0, 1, 2, 3]);
    expect(Array.from(batch.y)).toEqual([2, 4]);
  });
});

describe('forecastMetrics', () => {
  it('computes MAE, RMSE and MAPE (percent, skipping zero truths)', () => {
    const m = forecastMetrics([1, 2, 0, 4], [2, 2, 1, 2]);
    expect(m.mae).toBeCloseTo(1, 12); // |1| + 0 + |1| + |-2| = 4, / 4
    expect(m.rmse).toBeCloseTo(Math.sqrt(6 / 4), 12);
    expect(m.mape).toBeCloseTo(((1 / 1 + 0 / 2 + 2 / 4) / 3) * 100, 10);
  });

  it('gives null MAPE when every truth is zero and refuses empty input', () => {
    expect(forecastMetrics([0, 0], [1, -1])).toMatchObject({ mae: 1, rmse: 1, mape: null, mapeSkipped: 2 });
    expect(() => forecastMetrics([], [])).toThrow(/no values/);
  });
});

describe('persistenceForecast', () => {
  it('repeats the last observed target for every horizon step', () => {
    const target = Float64Array.from([5, 6, 7, 8, 9]);
    expect(Array.from(persistenceForecast(target, Int32Array.from([2, 3]), 2))).toEqual([6, 6, 7, 7]);
  });
});

describe('seeded shuffling', () => {
  it('is a permutation that repeats for a seed and differs across seeds', () => {
    const a = shuffleInPlace(identityOrder(50), createRng(3));
    const b = shuffleInPlace(identityOrder(50), createRng(3));
    const c = shuffleInPlace(identityOrder(50), createRng(4));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from(identityOrder(50)));
  });
});
