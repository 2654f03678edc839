// Runs in: vitest (Node). What the compare view gets for 2-10 runs, read in one transaction, on a real SQLite file and
// a real PostgreSQL database: summaries, epochs, the settings that differ, predictions only when comparable.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import { compareRuns } from '../../main/backend/runs/run-compare';
import type { ForecastConfig } from '../../shared/model/config';
import type { DatasetFingerprint, RunResult } from '../../shared/model/run';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { diffSettings } from '../../shared/model/run-log';
import { LOG_TARGETS } from '../support/log-targets';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);
const base: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: SHA_A, target: 'T', features: ['T'] };
const weather: DatasetFingerprint = { fileName: 'weather.csv', sizeBytes: 1234, sha256: SHA_A, rowsUsed: 100 };
const airline: DatasetFingerprint = { fileName: 'airline.csv', sizeBytes: 99, sha256: SHA_B, rowsUsed: 144 };

function result(mae: number): RunResult {
  return {
    status: 'completed',
    backend: 'wasm',
    trainSeconds: 1,
    trainSamplesPerSecond: 100,
    metrics: { test: { mae, rmse: mae * 1.3, mape: 5 } },
    baselines: { persistence: { mae: 1, rmse: 1.2, mape: 6 } },
    predictions: { times: [1, 2, 3], truth: [1, 2, 3], predicted: [1, 2, mae], persistence: [0, 1, 2] },
  };
}

describe.each(LOG_TARGETS)('compareRuns on $name', (target) => {
  beforeAll(() => target.setup());
  afterAll(() => target.teardown());

  let store: AsyncRunLog;
  beforeEach(async () => {
    store = await openRunLog(await target.fresh());
  });
  afterEach(() => store.close());

  /** Three finished runs and one running: GRU/LSTM/SimpleRNN on two datasets. */
  async function seed(): Promise<number[]> {
    const a = await store.createRun({ ...base, cell: 'GRU', window: 24 }, weather);
    await store.addEpoch(a, { epoch: 1, loss: 0.5, valLoss: 0.4, seconds: 1 });
    await store.addEpoch(a, { epoch: 2, loss: 0.3, valLoss: 0.45, seconds: 1 });
    await store.finishRun(a, result(0.8));
    const b = await store.createRun({ ...base, cell: 'LSTM' }, weather);
    await store.addEpoch(b, { epoch: 1, loss: 0.5, valLoss: 0.2, seconds: 1 });
    await store.finishRun(b, result(0.5));
    const c = await store.createRun({ ...base, datasetId: SHA_B }, airline);
    await store.finishRun(c, result(0.9));
    const d = await store.createRun(base, weather); // still running
    return [a, b, c, d];
  }

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
