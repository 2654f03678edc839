// Runs in: vitest (Node). The training manager with real trainer processes (forked dist/main/trainer.js), real
// TensorFlow.js training on a slice of the Szeged file, and a real SQLite run log.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type SeqlabEvent } from '../../shared/api/seqlab-api';
import { type ForecastConfig } from '../../shared/model/config';
import { isForecastRun } from '../../shared/model/run';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { createService } from '../../main/backend/create-service';
import { forkTrainerLauncher, type TrainerHandle } from '../../main/backend/training/trainer-launcher';
import type { SeqlabService } from '../../main/backend/seqlab-service';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { SZEGED_SLICE, TRAINER_ENTRY, requireBuilt } from '../support/built';

let dir: string;
let service: SeqlabService;
let store: AsyncRunLog;
let events: SeqlabEvent[];
const handles: TrainerHandle[] = [];

beforeAll(requireBuilt);
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-manager-'));
  const fork = forkTrainerLauncher(TRAINER_ENTRY);
  ({ service, store } = await createService({
    dbPath: join(dir, 'runs.db'),
    dataDir: dir,
    launcher: () => {
      const handle = fork();
      handles.push(handle);
      return handle;
    },
  }));
  events = [];
  service.onEvent((event) => events.push(event));
});
afterEach(async () => {
  await service.shutdown();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function config(overrides: Partial<ForecastConfig> = {}): Promise<ForecastConfig> {
  const summary = await service.importPath(SZEGED_SLICE);
  return { ...FORECAST_DEFAULTS, datasetId: summary.id, target: 'Temperature (C)', features: ['Temperature (C)'], ...overrides };
}

describe('TrainingManager with real trainer processes', () => {
  it('trains in a separate process, streams epochs, and logs the finished run', async () => {
    const { runId } = await service.startTraining(await config({ epochs: 2 }));
    expect(await service.training.waitFor(runId)).toBe('completed');
    const run = await service.getRun(runId);
    if (!isForecastRun(run)) throw new Error('expected a forecast run');
    expect(run.status).toBe('completed');
    expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(['wasm', 'cpu', 'tensorflow']).toContain(run.backend);
    expect(run.metrics?.test?.mae).toBeGreaterThan(0);
    expect(run.baselines?.persistence?.mae).toBeGreaterThan(0);
    expect(run.predictions?.truth.length).toBe(run.predictions?.predicted.length);
    expect(run.predictions?.truth.length).toBeGreaterThan(100);
    const types = events.filter((e) => e.type !== 'run-progress' && e.type !== 'import-progress').map((e) => e.type);
    expect(types).toEqual(['run-started', 'run-epoch', 'run-epoch', 'run-finished']);
    expect(handles[0].pid).not.toBe(process.pid);
  });

  it('stops on request, keeping the epochs learned so far and scoring them', async () => {
    const { runId } = await service.startTraining(await config({ epochs: 500 }));
    await new Promise<void>((resolve) => service.onEvent((e) => e.type === 'run-epoch' && resolve()));
    const stopAsked = Date.now();
    await service.stopTraining(runId);
    expect(await service.training.waitFor(runId)).toBe('stopped');
    expect(Date.now() - stopAsked).toBeLessThan(10_000);
    const run = await service.getRun(runId);
    if (!isForecastRun(run)) throw new Error('expected a forecast run');
    expect(run.status).toBe('stopped');
    expect(run.epochsRun).toBeGreaterThanOrEqual(1);
    expect(run.epochsRun).toBeLessThan(500);
    expect(run.metrics?.test?.mae).toBeGreaterThan(0);
  });

  it('marks the run failed when its trainer dies, and keeps working', async () => {
    const { runId } = await service.startTraining(await config({ epochs: 500 }));
    await new Promise<void>((resolve) => service.onEvent((e) => e.type === 'run-epoch' && resolve()));
    handles.at(-1)!.kill();
    expect(await service.training.waitFor(runId)).toBe('failed');
    const run = await service.getRun(runId);
    expect(run.error).toMatch(/trainer process exited unexpectedly/);
    expect(run.epochsRun).toBeGreaterThanOrEqual(1);
    expect(await store.integrityCheck()).toBe('ok');

    const next = await service.startTraining(await config({ epochs: 1 }));
    expect(await service.training.waitFor(next.runId)).toBe('completed');
  });

  it('ends the run failed, with the reason, when the run log stops taking its writes; no unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const other = new Database(join(dir, 'runs.db'));
    try {
      const { runId } = await service.startTraining(await config({ epochs: 500 }));
      await new Promise<void>((resolve) => service.onEvent((e) => e.type === 'run-epoch' && resolve()));
      // Another program takes the log's write lock and keeps it: the next write waits its turn 5 s, then fails.
      other.exec('BEGIN EXCLUSIVE');
      const locked = Date.now();
      // Once the manager has killed the trainer over it, the program lets go, so the run's failure can be written.
      handles.at(-1)!.onExit(() => other.exec('ROLLBACK'));
      expect(await service.training.waitFor(runId)).toBe('failed');
      expect(Date.now() - locked).toBeGreaterThanOrEqual(4900);
      const run = await service.getRun(runId);
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/^Could not write to the run log: The run log at .*runs\.db is locked by another program \(waited 5 s\)/);
      // The epochs that landed stay, in order (the first may be the one that could not land: run-epoch goes out as
      // the trainer reports it, its write follows); the one that failed is not half there.
      expect(run.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: run.epochsRun }, (_, i) => i + 1));
      expect(events.find((e) => e.type === 'run-finished' && e.runId === runId)).toMatchObject({ status: 'failed', error: run.error });
      expect(await store.integrityCheck()).toBe('ok');

      // The app goes on: the next run trains and is logged.
      const next = await service.startTraining(await config({ epochs: 1 }));
      expect(await service.training.waitFor(next.runId)).toBe('completed');
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  }, 120_000);

  it('reports the trainer’s own check as the failure reason (window longer than the test split)', async () => {
    // The service's quick check only looks at the training split; the trainer checks every split.
    const { runId } = await service.startTraining(await config({ window: 1000, epochs: 1 }));
    expect(await service.training.waitFor(runId)).toBe('failed');
    expect((await service.getRun(runId)).error).toMatch(/[Ww]indow 1000/);
  });
});

describe('SeqlabService refuses bad settings before starting a process', () => {
  it('names a non-numeric target', async () => {
    await expect(service.startTraining(await config({ target: 'Summary', features: ['Summary'] }))).rejects.toThrow(
      /"Summary" holds (category|text) values, not numbers/,
    );
  });

  it('names a window longer than the data', async () => {
    await expect(service.startTraining(await config({ window: 5000 }))).rejects.toThrow(/Window 5000 \+ horizon 1 needs/);
  });

  it('names a target column that is empty in every row', async () => {
    const path = join(dir, 'empty-target.csv');
    writeFileSync(path, 'time,value,blank\n' + Array.from({ length: 50 }, (_, i) => `2020-01-${String((i % 28) + 1).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z,${i},`).join('\n') + '\n');
    const summary = await service.importPath(path);
    await expect(
      service.startTraining({ ...FORECAST_DEFAULTS, datasetId: summary.id, target: 'blank', features: ['blank'] }),
    ).rejects.toThrow(/"blank" is empty in every row/);
  });

  it('asks for a re-import when the dataset is unknown', async () => {
    await expect(service.startTraining({ ...(await config()), datasetId: 'f'.repeat(64) })).rejects.toThrow(/import the CSV again/);
  });
});
