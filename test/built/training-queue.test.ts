// Runs in: vitest (Node). Quick Train presses beyond the limit wait their turn (issue 12, item 13): never more trainer
// processes than the limit at once, the others 'queued' in the run log and in the events, then each trains in turn;
// stopping a queued run ends it without ever starting a process. Real trainer processes and a real SQLite log.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SeqlabEvent } from '../../shared/api/seqlab-api';
import type { ForecastConfig } from '../../shared/model/config';
import type { RunStatus } from '../../shared/model/run';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { loadDataset } from '../../main/core/dataset/load-dataset';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { forkTrainerLauncher } from '../../main/backend/training/trainer-launcher';
import { TrainingManager, type DatasetForRun } from '../../main/backend/training/training-manager';
import { SZEGED_SLICE, TRAINER_ENTRY, requireBuilt } from '../support/built';

let dir: string;
let store: AsyncRunLog;
let events: SeqlabEvent[];
let live = 0;
let mostAtOnce = 0;
let launched = 0;
let dataset: DatasetForRun;
let config: ForecastConfig;

beforeAll(async () => {
  requireBuilt();
  const { summary } = await loadDataset(SZEGED_SLICE);
  dataset = { path: SZEGED_SLICE, fingerprint: { fileName: summary.fileName, sizeBytes: summary.sizeBytes, sha256: summary.sha256, rowsUsed: summary.rowsUsed } };
  config = { ...FORECAST_DEFAULTS, datasetId: summary.id, target: 'Temperature (C)', features: ['Temperature (C)'], hiddenUnits: 4, epochs: 2, backend: 'cpu' };
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-queue-'));
  store = await openRunLog(join(dir, 'runs.db'));
  events = [];
  live = 0;
  mostAtOnce = 0;
  launched = 0;
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The real fork launcher, counting the trainer processes alive at once. */
function countingManager(maxRunning: number): TrainingManager {
  const fork = forkTrainerLauncher(TRAINER_ENTRY);
  const launcher = () => {
    const handle = fork();
    launched += 1;
    live += 1;
    mostAtOnce = Math.max(mostAtOnce, live);
    handle.onExit(() => (live -= 1));
    return handle;
  };
  return new TrainingManager(store, launcher, (event) => events.push(event), { maxRunning });
}

describe('runs beyond the limit wait, queued', () => {
  it('five quick starts with a limit of 2: two processes at a time, three queued, all five complete in turn', async () => {
    const manager = countingManager(2);
    try {
      const ids = await Promise.all(Array.from({ length: 5 }, () => manager.start(config, dataset)));
      expect(launched).toBe(2);
      expect(await Promise.all(ids.map(async (id) => (await store.getSummary(id)).status))).toEqual(['running', 'running', 'queued', 'queued', 'queued']);
      expect(events.filter((e) => e.type === 'run-queued').map((e) => e.runId)).toEqual(ids.slice(2));
      expect(ids.every((id) => manager.isActive(id))).toBe(true);

      const statuses: (RunStatus | undefined)[] = await Promise.all(ids.map((id) => manager.waitFor(id)));
      expect(statuses).toEqual(Array(5).fill('completed'));
      expect(mostAtOnce).toBe(2);
      expect(launched).toBe(5);
      // Each queued run started only after one ahead of it finished.
      const order = events.filter((e) => e.type === 'run-started' || e.type === 'run-finished').map((e) => `${e.type}:${e.runId}`);
      expect(order.indexOf(`run-started:${ids[2]}`)).toBeGreaterThan(order.findIndex((e) => e.startsWith('run-finished')));
      expect(await store.integrityCheck()).toBe('ok');
    } finally {
      await manager.shutdown();
    }
  });

  it('a queued run that is stopped ends as stopped, never starting a process; quitting interrupts the rest', async () => {
    const manager = countingManager(1);
    const first = await manager.start({ ...config, epochs: 500 }, dataset);
    const second = await manager.start(config, dataset);
    const third = await manager.start(config, dataset);
    const [secondEnds, thirdEnds, firstEnds] = [manager.waitFor(second), manager.waitFor(third), manager.waitFor(first)];
    expect(manager.stop(second)).toBe(true);
    expect(await secondEnds).toBe('stopped');
    expect(await store.getSummary(second)).toMatchObject({ status: 'stopped', error: 'Stopped before it started (it was queued, waiting for a free trainer)' });
    expect(launched).toBe(1);
    expect(events.find((e) => e.type === 'run-finished' && e.runId === second)).toMatchObject({ status: 'stopped' });

    await manager.shutdown();
    expect(await thirdEnds).toBe('interrupted');
    expect(await store.getSummary(third)).toMatchObject({ status: 'interrupted', error: 'Seqlab closed before this queued run could start' });
    // The killed trainer's run: interrupted by the exit handler (failed: killed), never left running.
    expect(await firstEnds).toBe('failed');
    expect(launched).toBe(1);
  });
});
