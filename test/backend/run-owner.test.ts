// Runs in: vitest (Node). A run left 'running' is judged by its owner for sure (issue 12, item 15): a zombie owner and
// a process that took over a dead owner's id are both gone, so the run is interrupted; a live owner keeps its run.
// Real processes (a sleeping child, a zombie made on purpose), on a real SQLite file and a real PostgreSQL database.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import { LOG_TARGETS } from '../support/log-targets';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { ForecastConfig } from '../../shared/model/config';

const config: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: 'a'.repeat(64), target: 'T', features: ['T'] };
const dataset = { fileName: 'weather.csv', sizeBytes: 1234, sha256: 'a'.repeat(64), rowsUsed: 100 };

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
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

describe.runIf(process.platform === 'linux').each(LOG_TARGETS)('a run whose owner is gone is interrupted, for sure, on $name', (target) => {
  beforeAll(() => target.setup());
  afterAll(() => target.teardown());
  let where: string;
  let store: AsyncRunLog;
  beforeEach(async () => {
    where = await target.fresh();
    store = await openRunLog(where);
  });
  afterEach(() => store.close());

  const setOwnerPid = (runId: number, pid: number) => target.raw(where, 'UPDATE runs SET owner_pid = ? WHERE id = ?', [pid, runId]);
  it('owner id reused by another live process (the recorded start time is not its start time)', async () => {
    const id = await store.createRun(config, dataset);
    // The owner died and the kernel gave its id to a new process: the stranger answers kill(pid, 0).
    await setOwnerPid(id, liveStranger());
    expect(await store.markInterruptedRuns()).toBe(1);
    expect(await store.getSummary(id)).toMatchObject({ status: 'interrupted', error: 'The app or its trainer stopped while this run was training' });
  });

  it('owner killed but not yet reaped (a zombie)', async () => {
    const id = await store.createRun(config, dataset);
    await setOwnerPid(id, await zombie());
    expect(await store.markInterruptedRuns()).toBe(1);
    expect((await store.getSummary(id)).status).toBe('interrupted');
  });

  it('our own id with another start time is an earlier life of this id; with ours it is this process, alive', async () => {
    const earlier = await store.createRun(config, dataset);
    const ours = await store.createRun(config, dataset);
    await target.raw(where, 'UPDATE runs SET owner_start = owner_start - 1 WHERE id = ?', [earlier]);
    expect(await store.markInterruptedRuns()).toBe(1);
    expect((await store.getSummary(earlier)).status).toBe('interrupted');
    expect((await store.getSummary(ours)).status).toBe('running');
  });

  it('a live owner keeps its run, whether or not its start time was recorded (logs from before start times)', async () => {
    const withoutStart = await store.createRun(config, dataset);
    await target.raw(where, 'UPDATE runs SET owner_pid = ?, owner_start = NULL WHERE id = ?', [process.ppid, withoutStart]);
    expect(await store.markInterruptedRuns()).toBe(0);
    expect((await store.getSummary(withoutStart)).status).toBe('running');
  });

  it('a sweep whose driver is a zombie is stopped, ready to resume', async () => {
    const sweepId = await store.sweeps.create({ name: 's' } as never, []);
    const id = await store.createRun(config, dataset);
    await store.setRunOrigin(id, { sweepId });
    await store.finishRun(id, { status: 'completed', backend: 'cpu', trainSeconds: 1, trainSamplesPerSecond: 1, metrics: null, baselines: null, predictions: null } as never);
    await setOwnerPid(id, await zombie());
    const owner = await store.sweeps.lastOwner(sweepId);
    expect(owner?.pid).toBeGreaterThan(0);
    const { ownerAlive } = await import('../../main/backend/run-log/owner-process');
    expect(ownerAlive(owner!)).toBe(false);
  });
});
