// Runs in: vitest (Node). Sweeps with real trainer processes on the airline passengers file (tiny models, one
// epoch) and a real SQLite log: concurrency, ranking, stop and resume in a new process, start-up clean-up.
import { describe, expect, it } from 'vitest';
import { readProcStat } from '../../main/backend/run-log/owner-process';
import { join } from 'node:path';
import type { SeqlabEvent } from '../../shared/api/seqlab-api';
import type { SweepSpec } from '../../shared/model/experiments';
import type { SeqlabService } from '../../main/backend/seqlab-service';
import { tinyAirlineConfig, useAirlineService, type ServiceLog } from '../support/airline-service';
import Database from 'better-sqlite3';
import pkg from '../../package.json' with { type: 'json' };

const fx = useAirlineService('seqlab-sweep-');

async function open(): Promise<ServiceLog & { events: SeqlabEvent[] }> {
  const log = await fx.open();
  const events: SeqlabEvent[] = [];
  log.service.onEvent((event) => events.push(event));
  return { ...log, events };
}

async function spec(service: SeqlabService, overrides: Partial<SweepSpec> = {}): Promise<SweepSpec> {
  const summary = await service.importPath(fx.csv);
  const base = tinyAirlineConfig(summary.id);
  return { name: 'tiny', base, mode: 'grid', values: { window: [2, 3], hiddenUnits: [2, 4] }, seed: 0, concurrency: 2, ...overrides };
}

describe('sweeps with real trainers', () => {
  it('runs a 4-run grid at most 2 at a time, logs each run under the sweep, and ranks them', async () => {
    const { service, store, events } = await open();
    let sweepId = 0;
    let mostRunning = 0;
    // Counted from the log itself on every event: a run is running from its creation to its final status.
    service.onEvent(() => {
      if (sweepId) void store.sweeps.runs(sweepId).then((runs) => (mostRunning = Math.max(mostRunning, runs.filter((r) => r.status === 'running').length)));
    });
    ({ sweepId } = await service.startSweep(await spec(service)));
    await service.sweeps.whenIdle(sweepId);

    const detail = await service.getSweep(sweepId);
    expect(mostRunning).toBe(2);
    expect(detail).toMatchObject({ status: 'completed', total: 4, finished: 4, running: 0, pending: 0, params: ['window', 'hiddenUnits'] });
    expect(detail.pendingCombinations).toEqual([]);
    expect(detail.runs).toHaveLength(4);
    const losses = detail.runs.map((run) => run.bestValLoss as number);
    expect(losses.every((loss) => Number.isFinite(loss))).toBe(true);
    expect(losses).toEqual([...losses].sort((a, b) => a - b));
    const combos = detail.runs.map((run) => run.config.task === 'forecast' && `${run.config.window}/${run.config.hiddenUnits}`);
    expect(combos.sort()).toEqual(['2/2', '2/4', '3/2', '3/4']);
    for (const run of detail.runs) {
      expect(run.status).toBe('completed');
      expect(run.sweepId).toBe(sweepId);
      expect(run.provenance).toMatchObject({
        seqlabVersion: pkg.version,
        tfjsVersion: pkg.dependencies['@tensorflow/tfjs'].replace('^', ''),
        nodeVersion: process.versions.node,
        platform: `${process.platform}-${process.arch}`,
        datasetPath: fx.csv,
      });
    }
    expect(events.filter((e) => e.type === 'sweep-updated' && e.sweepId === sweepId).length).toBeGreaterThanOrEqual(9);
    expect((await service.listSweeps()).map((s) => s.id)).toEqual([sweepId]);
  });

  it('stops, then resumes in a new process from the file its runs recorded, without repeating a combination', async () => {
    const first = await open();
    const sweep = await spec(first.service, { values: { hiddenUnits: [2, 3] }, concurrency: 1 });
    const { sweepId } = await first.service.startSweep(sweep);
    await first.service.stopSweep(sweepId);
    await first.service.sweeps.whenIdle(sweepId);
    const stopped = await first.service.getSweep(sweepId);
    // The run that had started ends (stopped, or completed if it was quicker); the second waits.
    expect(stopped).toMatchObject({ status: 'stopped', running: 0, finished: 1, pending: 1, total: 2 });
    expect(stopped.runs[0].status).toMatch(/stopped|completed/);
    expect(stopped.pendingCombinations).toEqual([{ hiddenUnits: 3 }]);
    await first.service.shutdown();
    await first.store.close();

    // A new process has no dataset loaded: resume finds the file through the first run's provenance.
    const second = await open();
    // A double click: the second resume must not start a second driver.
    await Promise.all([second.service.resumeSweep(sweepId), second.service.resumeSweep(sweepId)]);
    await second.service.sweeps.whenIdle(sweepId);
    const done = await second.service.getSweep(sweepId);
    expect(done).toMatchObject({ status: 'completed', finished: 2, pending: 0, total: 2 });
    expect(done.runs.map((run) => run.config.hiddenUnits).sort()).toEqual([2, 3]);
    expect(done.runs.every((run) => run.sweepId === sweepId)).toBe(true);
    expect(second.events.some((e) => e.type === 'sweep-updated' && e.sweepId === sweepId)).toBe(true);
  });

  it('on quit, starts nothing more and queues the runs it cuts off again', async () => {
    const { service, store } = await open();
    const { sweepId } = await service.startSweep(await spec(service, { values: { hiddenUnits: [2, 3, 4] } }));
    await new Promise<void>((resolve) => {
      const check = () => void store.sweeps.runs(sweepId).then((runs) => runs.length === 2 && resolve());
      service.onEvent(check);
      check();
    });
    const cutOff = (await store.sweeps.runs(sweepId)).map((run) => run.id);
    await service.shutdown();
    expect(await store.sweeps.get(sweepId)).toMatchObject({ status: 'stopped', pending: [{ hiddenUnits: 2 }, { hiddenUnits: 3 }, { hiddenUnits: 4 }] });
    for (const runId of cutOff) await service.training.waitFor(runId);
    // The killed runs made room, but nothing new started.
    expect((await store.sweeps.runs(sweepId)).map((run) => run.id)).toEqual(cutOff);
  });

  it('refuses a sweep with a combination that cannot run, before starting anything', async () => {
    const { service, store } = await open();
    const bad = await spec(service, { values: { window: [3, 200] } });
    await expect(service.startSweep(bad)).rejects.toThrow(/combination window 200 cannot run: Window 200 \+ horizon 1 needs/);
    expect(await store.sweeps.list()).toEqual([]);
    expect(await store.listRuns()).toEqual([]);
  });

  it('at start-up, marks a sweep left running by a dead process as stopped, not one another process drives', async () => {
    const { service, store } = await open();
    const sweep = await spec(service);
    const orphan = await store.sweeps.create(sweep, [{ window: 2 }]);
    // Between two runs of a sweep driven by a live process (here our parent stands in for it): nothing is running.
    const driven = await store.sweeps.create(sweep, [{ window: 2 }]);
    const runId = await store.createRun(sweep.base, { fileName: 'airline.csv', sizeBytes: 1, sha256: sweep.base.datasetId, rowsUsed: 144 });
    await store.setRunOrigin(runId, { sweepId: driven });
    await store.failRun(runId, 'ended for the test', 'stopped');
    const raw = new Database(join(fx.dir, 'runs.db'));
    // The owner is told by its id and its start time (a reused id is a dead owner): the parent's own pair.
    raw.prepare('UPDATE runs SET owner_pid = ?, owner_start = ? WHERE id = ?').run(process.ppid, readProcStat(process.ppid)?.startTime ?? null, runId);
    raw.close();

    const next = await open();
    expect((await next.service.getSweep(orphan)).status).toBe('stopped');
    expect((await next.service.getSweep(driven)).status).toBe('running');
    expect((await next.service.listSweeps()).map((s) => [s.id, s.status, s.finished])).toEqual([[driven, 'running', 1], [orphan, 'stopped', 0]]);
    await expect(next.service.stopSweep(driven)).rejects.toThrow(/running in another Seqlab process/);
    await expect(next.service.getSweep(999)).rejects.toThrow(/Sweep 999 is not in the run log/);
  });
});
