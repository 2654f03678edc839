// Runs in: vitest (Node). The one run ranking main (a sweep's runs) and the sweep view share: best first by the
// metric, runs without a finite value last, ties to the older run whatever the order given.
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/model/run';
import { rankRuns, runMetric } from '../../shared/model/run-ranking';
import { configFor, makeRun } from '../support/fake-api';

function run(id: number, bestValLoss: number | null, mae: number | null = null): RunSummary {
  const base = makeRun(id, configFor());
  const metrics = mae === null ? null : { ...base.metrics!, test: { mae, rmse: mae * 1.4, mape: 9 } };
  return { ...base, bestValLoss, metrics } as RunSummary;
}

const ids = (runs: RunSummary[]) => runs.map((r) => r.id);

describe('rankRuns', () => {
  it('puts the lowest best validation loss first, and runs without one last', () => {
    expect(ids(rankRuns([run(1, 0.3), run(2, null), run(3, 0.1), run(4, 0.2)]))).toEqual([3, 4, 1, 2]);
  });

  it('breaks ties by run id, oldest first, whatever the order given', () => {
    const tied = [run(5, 0.2), run(2, 0.2), run(9, null), run(3, 0.1), run(7, null), run(4, 0.2)];
    expect(ids(rankRuns(tied))).toEqual([3, 2, 4, 5, 7, 9]);
    expect(ids(rankRuns([...tied].reverse()))).toEqual([3, 2, 4, 5, 7, 9]);
  });

  it('counts a value that is not finite as missing', () => {
    expect(ids(rankRuns([run(1, Number.NaN), run(2, 0.5), run(3, Infinity)]))).toEqual([2, 1, 3]);
  });

  it('ranks by another metric, higher first where higher is better', () => {
    const runs = [run(1, 0.01, 0.9), run(2, 0.02, 0.3), run(3, 0.03, 0.6)];
    expect(ids(rankRuns(runs, runMetric('testMae')))).toEqual([2, 3, 1]);
    const text = (id: number, accuracy: number) =>
      ({ ...run(id, 0.1), config: { task: 'text' }, metrics: { test: { accuracy } } }) as unknown as RunSummary;
    expect(ids(rankRuns([text(1, 0.7), text(2, 0.9), text(3, 0.7)], runMetric('testAccuracy')))).toEqual([2, 1, 3]);
  });

  it('leaves the given array as it was', () => {
    const runs = [run(2, 0.2), run(1, 0.1)];
    rankRuns(runs);
    expect(ids(runs)).toEqual([2, 1]);
  });
});
