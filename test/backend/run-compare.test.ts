// Runs in: vitest (Node). What the compare view gets for 2-10 runs, read in one transaction, on a real SQLite file and
// a real PostgreSQL database: summaries, epochs, the settings that differ, predictions only when comparable.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import { compareRuns } from '../../main/backend/runs/run-compare';
import { diffSettings } from '../../shared/model/run-log';
import { LOG_TARGETS } from '../support/log-targets';
import { base, seedFourRuns } from '../support/seeded-runs';

describe.each(LOG_TARGETS)('compareRuns on $name', (target) => {
  beforeAll(() => target.setup());
  afterAll(() => target.teardown());

  let store: AsyncRunLog;
  beforeEach(async () => {
    store = await openRunLog(await target.fresh());
  });
  afterEach(() => store.close());

  const seed = () => seedFourRuns(store);

  it('returns summaries, epochs and the settings that differ; predictions only over the same data and test rows', async () => {
    const [a, b, c, d] = await seed();
    const same = await compareRuns(store, [a, b]);
    expect(same.runs.map((r) => r.run.id)).toEqual([a, b]);
    expect(same.runs[0].epochs.map((e) => e.valLoss)).toEqual([0.4, 0.45]);
    expect(same.differingSettings).toEqual(['window', 'cell']);
    expect(same.allSettings).toContain('split.train');
    expect(same.predictions?.map((p) => p.runId)).toEqual([a, b]);
    expect(same.predictions?.[1].series.predicted).toEqual([1, 2, 0.5]);

    const mixed = await compareRuns(store, [a, c]);
    expect(mixed.differingSettings).toEqual(['window', 'cell', 'datasetId']);
    expect(mixed.predictions).toBeNull();
    expect(mixed.predictionsNote).toMatch(/different data/);

    const unfinished = await compareRuns(store, [a, d]);
    expect(unfinished.predictions).toBeNull();
    expect(unfinished.predictionsNote).toBe(`Run ${d} has no stored predictions (not finished, or not a forecast).`);

    await expect(compareRuns(store, [a])).rejects.toThrow(/2 to 10/);
    await expect(compareRuns(store, [a, a])).rejects.toThrow(/2 to 10/);
    await expect(compareRuns(store, [a, 12345])).rejects.toThrow(/Run 12345 is not in the run log/);
  });

  it('names nested settings with dotted keys', () => {
    const other = { ...base, split: { train: 0.6, validation: 0.2 }, features: ['T', 'H'] };
    expect(diffSettings([base, other]).differing).toEqual(['split.train', 'split.validation', 'features']);
  });
});
