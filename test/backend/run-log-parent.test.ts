// Runs in: vitest (Node). The run log's parent runs (issue 15's backtests) on a real SQLite file and a real PostgreSQL
// database: a fold points at its backtest, the log lists a parent's children, the runs table carries the link, and
// deleting the parent keeps the folds; a SQLite log from before parent runs upgrades with none.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { ForecastConfig } from '../../shared/model/config';
import { LOG_TARGETS } from '../support/log-targets';
import { makeOldSqliteLog } from '../support/old-sqlite-log';

const config: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: 'a'.repeat(64), target: 'T', features: ['T'] };
const dataset = { fileName: 'air.csv', sizeBytes: 10, sha256: 'a'.repeat(64), rowsUsed: 100 };

describe.each(LOG_TARGETS)('parent runs on $name', (target) => {
  beforeAll(() => target.setup());
  afterAll(() => target.teardown());
  let store: AsyncRunLog;
  beforeEach(async () => {
    store = await openRunLog(await target.fresh());
  });
  afterEach(() => store.close());

  it('links folds to their backtest and lists them, oldest first', async () => {
    const parent = await store.createRun({ ...config, backtest: { folds: 2, mode: 'expanding' } }, dataset);
    const single = await store.createRun(config, dataset);
    const folds: number[] = [];
    for (const i of [0, 1]) {
      const id = await store.createRun({ ...config, rowSplit: { trainStart: 0, validationStart: 40 + i * 10, testStart: 50 + i * 10, testEnd: 60 + i * 10 } }, dataset);
      await store.setRunOrigin(id, { parentRunId: parent });
      folds.push(id);
    }
    expect(await store.childRuns(parent)).toEqual(folds);
    expect(await store.childRuns(single)).toEqual([]);
    expect((await store.getSummary(folds[0])).parentRunId).toBe(parent);
    expect((await store.getSummary(single)).parentRunId).toBeNull();
    expect((await store.queryRuns()).runs.find((r) => r.id === folds[1])!.parentRunId).toBe(parent);
    // A run that is not a fold keeps no parent when its origin is set without one.
    await store.setRunOrigin(single, { rerunOf: null });
    expect((await store.getSummary(single)).parentRunId).toBeNull();
  });

  it('keeps the folds when their backtest is deleted', async () => {
    const parent = await store.createRun(config, dataset);
    const fold = await store.createRun(config, dataset);
    await store.setRunOrigin(fold, { parentRunId: parent });
    await store.failRun(parent, 'stopped', 'stopped');
    await store.deleteRun(parent);
    expect((await store.getSummary(fold)).parentRunId).toBeNull();
  });
});

describe('a SQLite log from before parent runs', () => {
  it('upgrades: its runs have none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqlab-parent-'));
    try {
      // Schema 5, as the Seqlab before backtests left it, with one run.
      const old = makeOldSqliteLog(join(dir, 'runs.db'), 5);
      old.prepare(`INSERT INTO runs (created_at, status, config, dataset) VALUES ('2026-01-01T00:00:00Z', 'completed', ?, ?)`).run(JSON.stringify(config), JSON.stringify(dataset));
      old.close();
      const store = await openRunLog(join(dir, 'runs.db'));
      try {
        expect((await store.listRuns()).map((r) => r.parentRunId)).toEqual([null]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
