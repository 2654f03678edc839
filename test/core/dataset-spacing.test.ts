// Runs in: vitest (node). Frequency from the median step, gaps, and how durations read.
import { describe, expect, it } from 'vitest';
import { describeSpacing } from '../../main/core/dataset/time-spacing';
import { formatCount, formatDuration } from '../../main/core/dataset/format';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function series(start: number, steps: number[]): Float64Array {
  const times = [start];
  for (const step of steps) times.push(times[times.length - 1] + step);
  return Float64Array.from(times);
}
const repeat = (step: number, count: number) => Array<number>(count).fill(step);

describe('describeSpacing', () => {
  it('names regular spacings', () => {
    const t0 = Date.UTC(2020, 0, 1);
    expect(describeSpacing(series(t0, repeat(HOUR, 50))).frequency).toBe('hourly');
    expect(describeSpacing(series(t0, repeat(DAY, 50))).frequency).toBe('daily');
    expect(describeSpacing(series(t0, repeat(7 * DAY, 50))).frequency).toBe('weekly');
    expect(describeSpacing(series(t0, repeat(15 * MINUTE, 50))).frequency).toBe('every 15 minutes');
    expect(describeSpacing(series(t0, repeat(6 * HOUR, 50))).frequency).toBe('every 6 hours');
    expect(describeSpacing(series(t0, repeat(MINUTE, 50))).frequency).toBe('every minute');
    expect(describeSpacing(series(t0, repeat(90 * MINUTE, 50))).frequency).toBe('every 90 minutes');
  });

  it('names calendar spacings whose steps vary in length', () => {
    const months = Float64Array.from({ length: 36 }, (_, k) => Date.UTC(2000, k, 1));
    expect(describeSpacing(months)).toEqual({ frequency: 'monthly', gapCount: 0, largestGap: null });
    const quarters = Float64Array.from({ length: 20 }, (_, k) => Date.UTC(2000, 3 * k, 1));
    expect(describeSpacing(quarters).frequency).toBe('quarterly');
    const years = Float64Array.from({ length: 20 }, (_, k) => Date.UTC(1990 + k, 0, 1));
    expect(describeSpacing(years).frequency).toBe('yearly');
  });

  it('tolerates daylight-saving hours in daily wall-clock data', () => {
    const steps = [...repeat(DAY, 10), DAY - HOUR, ...repeat(DAY, 10), DAY + HOUR, ...repeat(DAY, 10)];
    expect(describeSpacing(series(0, steps))).toMatchObject({ frequency: 'daily', gapCount: 0 });
  });

  it('counts gaps and finds the largest', () => {
    const steps = [...repeat(HOUR, 20), 4 * HOUR, ...repeat(HOUR, 20), 2 * HOUR, ...repeat(HOUR, 5)];
    const spacing = describeSpacing(series(0, steps));
    expect(spacing.frequency).toBe('hourly');
    expect(spacing.gapCount).toBe(2);
    expect(spacing.largestGap).toEqual({ after: 21, ms: 4 * HOUR });
    const months = Float64Array.from([0, 1, 2, 5, 6, 7].map((m) => Date.UTC(2000, m, 1)));
    expect(describeSpacing(months)).toMatchObject({ frequency: 'monthly', gapCount: 1 });
  });

  it('calls scattered times irregular and reports no gaps for them', () => {
    const steps = [HOUR, 5 * MINUTE, 3 * DAY, 17 * MINUTE, 2 * HOUR, 41 * MINUTE, 9 * HOUR, 13 * MINUTE];
    expect(describeSpacing(series(0, steps))).toEqual({ frequency: 'irregular', gapCount: 0, largestGap: null });
  });

  it('has no frequency for a single row', () => {
    expect(describeSpacing(Float64Array.of(5)).frequency).toBeNull();
  });
});

describe('formatDuration / formatCount', () => {
  it('uses the largest unit that divides the span', () => {
    expect(formatDuration(4 * HOUR)).toBe('4 hours');
    expect(formatDuration(HOUR)).toBe('1 hour');
    expect(formatDuration(36 * HOUR)).toBe('36 hours');
    expect(formatDuration(2 * DAY)).toBe('2 days');
    expect(formatDuration(14 * DAY)).toBe('2 weeks');
    expect(formatDuration(40 * DAY)).toBe('40 days');
    expect(formatDuration(61 * DAY)).toBe('2 months');
    expect(formatDuration(90 * MINUTE)).toBe('90 minutes');
  });

  it('writes counts with thousands separators', () => {
    expect(formatCount(1288)).toBe('1,288');
    expect(formatCount(96453)).toBe('96,453');
  });
});
