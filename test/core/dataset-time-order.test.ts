// Runs in: vitest (node). Putting rows in time order: the sort must match a stable comparator sort exactly, for
// times before and after 1970, -0 beside 0, equal times (file order kept) and missing ones (dropped).
import { describe, expect, it } from 'vitest';
import { cleanByTime, type RowComparer } from '../../main/core/dataset/clean';

/** Rows that are all different: every repeated time is a conflict, never a copy. */
const allDifferent: RowComparer = { prepare: () => undefined, same: () => false };

function reference(times: Float64Array): number[] {
  const timed = [...times.keys()].filter((i) => !Number.isNaN(times[i]));
  timed.sort((a, b) => times[a] - times[b]);
  return timed.filter((row, k) => k === 0 || times[timed[k - 1]] !== times[row]);
}

describe('cleanByTime order', () => {
  it('matches a stable comparator sort on shuffled days, old dates, -0 and repeated times', () => {
    let seed = 11;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const hour = 3_600_000;
    const days = Array.from({ length: 400 }, (_, d) => d - 200).sort(() => random() - 0.5);
    const values: number[] = [];
    for (const day of days) for (let h = 0; h < 24; h++) values.push(random() < 0.01 ? NaN : (day * 24 + h) * hour);
    values.push(-0, 0, -0, 1.5, -1.5, values[10], values[500], -8.64e15, 8.64e15);
    const times = Float64Array.from(values);
    const { order, findings } = cleanByTime(times, allDifferent, 'when');
    expect(Array.from(order)).toEqual(reference(times));
    expect(findings.map((f) => f.code)).toEqual(['missing-time', 'unsorted-rows', 'duplicate-timestamps']);
  });

  it('leaves sorted rows as they are', () => {
    const times = Float64Array.from({ length: 1000 }, (_, i) => i * 60_000 - 30_000);
    const { order, findings } = cleanByTime(times, allDifferent, 'when');
    expect(Array.from(order)).toEqual([...times.keys()]);
    expect(findings).toEqual([]);
  });
});
