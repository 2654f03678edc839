// Runs in: vitest (Node). The window's "Export predictions CSV": a run with prediction intervals gains a lower and an
// upper column per level, each row's bounds those of its test step; a run without them keeps the five columns.
import { describe, expect, it } from 'vitest';
import { testPredictionsCsv } from '../../main/backend/runs/predictions-csv';
import type { PredictionSeries } from '../../shared/model/run';

const predicted = [10.5, 11.25, 12];
const series: PredictionSeries = {
  times: [Date.UTC(2006, 3, 1, 0), Date.UTC(2006, 3, 1, 1), Date.UTC(2006, 3, 1, 2)],
  truth: [10, 11, 13],
  predicted,
  persistence: [9.5, 10, 11],
  intervals: [
    { level: 0.8, lower: predicted.map((p) => p - 1), upper: predicted.map((p) => p + 1) },
    { level: 0.975, lower: predicted.map((p) => p - 2.5), upper: predicted.map((p) => p + 2.5) },
  ],
};

describe('test predictions CSV', () => {
  it('adds lower_<level>,upper_<level> per interval level, row by row', () => {
    const lines = testPredictionsCsv(series).trimEnd().split('\n');
    expect(lines[0]).toBe('time,truth,predicted,persistence,residual,lower_80,upper_80,lower_97.5,upper_97.5');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('2006-04-01T00:00:00.000Z,10,10.5,9.5,-0.5,9.5,11.5,8,13');
    expect(lines[3]).toBe('2006-04-01T02:00:00.000Z,13,12,11,1,11,13,9.5,14.5');
  });

  it('keeps the five columns without intervals, and numbers the rows without times', () => {
    const { intervals: _, ...plain } = series;
    const lines = testPredictionsCsv({ ...plain, times: null }).trimEnd().split('\n');
    expect(lines[0]).toBe('step,truth,predicted,persistence,residual');
    expect(lines[2]).toBe('2,11,11.25,10,-0.25');
  });
});
