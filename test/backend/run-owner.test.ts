// Runs in: vitest (Node). A run left 'running' is judged by its owner for sure (issue 12, item 15): a zombie owner and
// a process that took over a dead owner's id are both gone, so the run is interrupted; a live owner keeps its run.
// Real processes (a sleeping child, a zombie made on purpose) and a real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RunStore } from '../../main/backend/run-log/sqlite/sqlite-run-store';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { ForecastConfig } from '../../shared/model/config';

const config: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: 'a'.repeat(64), target: 'T', features: ['T'] };
const dataset = { fileName: 'weather.csv', sizeBytes: 1234, sha256: 'a'.repeat(64), rowsUsed: 100 };

let dir: string;
let dbPath: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-owner-'));
  dbPath = join(dir, 'runs.db');
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A live process that is not the run's owner: `sleep`, started now. */
function liveStranger(): number {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

/** A zombie on purpose: sh starts a short sleep in the background, then becomes a long sleep that never reaps it. */
async function zombie(): Promise<number> {
  const child = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  const pid = await new Promise<number>((resolve) => child.stdout!.once('data', (data: Buffer) => resolve(Number(String(data).trim()))));
  for (let i = 0; i < 100; i++) {
    if (/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return pid;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`process ${pid} did not become a zombie`);
}

function setOwnerPid(runId: number, pid: number): void {
  const db = new Database(dbPath);
  db.prepare('UPDATE runs SET owner_pid = ? WHERE id = ?').run(pid, runId);
  db.close();
}

describe.runIf(process.platform === 'linux')('a run whose owner is gone is interrupted, for sure', () => {
  it('owner id reused by another live process (the recorded start time is not its start time)', () => {
    const store = new RunStore(dbPath);
    const id = store.createRun(config, dataset);
    // The owner died and the kernel gave its id to a new process: the stranger answers kill(pid, 0).
    setOwnerPid(id, liveStranger());
    expect(store.markInterruptedRuns()).toBe(1);
    expect(store.getSummary(id)).toMatchObject({ status: 'interrupted', error: 'The app or its trainer stopped while this run was training' });
    store.close();
  });

  it('owner killed but not yet reaped (a zombie)', async () => {
    const store = new RunStore(dbPath);
    const id = store.createRun(config, dataset);
    setOwnerPid(id, await zombie());
    expect(store.markInterruptedRuns()).toBe(1);
    expect(store.getSummary(id).status).toBe('interrupted');
    store.close();
  });

  it('our own id with another start time is an earlier life of this id; with ours it is this process, alive', () => {
    const store = new RunStore(dbPath);
    const earlier = store.createRun(config, dataset);
    const ours = store.createRun(config, dataset);
    const db = new Database(dbPath);
    db.prepare('UPDATE runs SET owner_start = owner_start - 1 WHERE id = ?').run(earlier);
    db.close();
    expect(store.markInterruptedRuns()).toBe(1);
    expect(store.getSummary(earlier).status).toBe('interrupted');
    expect(store.getSummary(ours).status).toBe('running');
    store.close();
  });

  it('a live owner keeps its run, whether or not its start time was recorded (logs from before start times)', () => {
    const store = new RunStore(dbPath);
    const withoutStart = store.createRun(config, dataset);
    const db = new Database(dbPath);
    db.prepare('UPDATE runs SET owner_pid = ?, owner_start = NULL WHERE id = ?').run(process.ppid, withoutStart);
    db.close();
    expect(store.markInterruptedRuns()).toBe(0);
    expect(store.getSummary(withoutStart).status).toBe('running');
    store.close();
  });

  it('a sweep whose driver is a zombie is stopped, ready to resume', async () => {
    const store = new RunStore(dbPath);
    const sweepId = store.sweeps.create({ name: 's' } as never, []);
    const id = store.createRun(config, dataset);
    store.setRunOrigin(id, { sweepId });
    store.finishRun(id, { status: 'completed', backend: 'cpu', trainSeconds: 1, trainSamplesPerSecond: 1, metrics: null, baselines: null, predictions: null } as never);
    setOwnerPid(id, await zombie());
    const owner = store.sweeps.lastOwner(sweepId);
    expect(owner?.pid).toBeGreaterThan(0);
    const { ownerAlive } = await import('../../main/backend/run-log/owner-process');
    expect(ownerAlive(owner!)).toBe(false);
    store.close();
  });
});
