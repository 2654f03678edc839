// Runs in: vitest (Node). The experiment-log methods through the same dispatch the IPC and WebSocket use:
// argument validation, and a round trip over a real SQLite log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createService } from '../../main/backend/create-service';
import { dispatch } from '../../main/backend/api/dispatch';
import type { SeqlabService } from '../../main/backend/seqlab-service';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { RunsPage } from '../../shared/model/run-log';
import { TRAINER_ENTRY } from '../support/built';
import { forkTrainerLauncher } from '../../main/backend/training/trainer-launcher';

let dir: string;
let service: SeqlabService;
let store: AsyncRunLog;
let ids: number[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-log-api-'));
  ({ service, store } = await createService({ dbPath: join(dir, 'runs.db'), dataDir: dir, launcher: forkTrainerLauncher(TRAINER_ENTRY) }));
  const config = { ...FORECAST_DEFAULTS, datasetId: 'd'.repeat(64), target: 'T', features: ['T'] };
  const dataset = { fileName: 'w.csv', sizeBytes: 1, sha256: 'd'.repeat(64), rowsUsed: 10 };
  ids = [await store.createRun(config, dataset), await store.createRun({ ...config, window: 9 }, dataset)];
  for (const id of ids) await store.failRun(id, 'test run', 'stopped');
});
afterAll(async () => {
  await service.shutdown();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('experiment-log API', () => {
  it('validates arguments before anything runs', async () => {
    const bad = async (method: string, params: unknown[]) => {
      const outcome = await dispatch(service, 'web', method, params);
      expect(outcome.ok).toBe(false);
      return outcome.ok ? '' : outcome.message;
    };
    expect(await bad('queryRuns', [{ sort: { column: 'config; DROP TABLE runs', direction: 'asc' } }])).toMatch(/Invalid arguments to queryRuns/);
    expect(await bad('queryRuns', [{ limit: 100000 }])).toMatch(/Invalid arguments to queryRuns/);
    expect(await bad('updateRun', [ids[0], { status: 'completed' }])).toMatch(/Invalid arguments to updateRun/);
    expect(await bad('updateRun', [ids[0], { tags: ['x'.repeat(41)] }])).toMatch(/at most 40 characters/);
    expect(await bad('compareRuns', [[ids[0]]])).toMatch(/at least 2 runs/);
    expect(await bad('compareRuns', [Array.from({ length: 11 }, (_, i) => i + 1)])).toMatch(/at most 10 runs/);
    expect(await bad('deleteRun', ['1'])).toMatch(/Invalid arguments to deleteRun/);
  });

  it('edits, queries, compares and deletes through dispatch', async () => {
    const call = async (method: string, ...params: unknown[]) => {
      const outcome = await dispatch(service, 'web', method, params);
      if (!outcome.ok) throw new Error(outcome.message);
      return outcome.value;
    };
    await call('updateRun', ids[1], { tags: ['keep'], starred: true, note: 'wider window' });
    const page = (await call('queryRuns', { filter: { tag: 'keep' } })) as RunsPage;
    expect(page.runs.map((r) => r.id)).toEqual([ids[1]]);
    expect(page.runs[0]).toMatchObject({ starred: true, note: 'wider window', tags: ['keep'] });
    expect(await call('compareRuns', ids)).toMatchObject({ differingSettings: ['window'] });
    await call('deleteRun', ids[0]);
    expect(((await call('queryRuns', {})) as RunsPage).total).toBe(1);
  });
});
