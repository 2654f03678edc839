// Runs in: vitest (Node). The typed run log (Kysely) against a real SQLite file and a real PostgreSQL server, the same
// tests on both: schema, writes, reads, the runs table's query, annotations, delete, crash marking, previews, and what
// workers sharing one log need (executions, a run finalised once, datasets by content).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KyselyRunLog } from '../../main/backend/run-log/kysely/kysely-run-log';
import { SCHEMA_VERSION } from '../../main/backend/run-log/kysely/migrations';
import { readProcStat } from '../../main/backend/run-log/owner-process';
import { isForecastRun } from '../../shared/model/run';
import type { RunsQuery } from '../../shared/model/run-log';
import { LOG_TARGETS } from '../support/log-targets';
import { SHA_A, SHA_B, base, result, seedFourRuns, weather } from '../support/seeded-runs';

describe.each(LOG_TARGETS)('run log on $name', (target) => {
  beforeAll(() => target.setup());
  afterAll(() => target.teardown());

  let where: string;
  let log: KyselyRunLog;
  beforeEach(async () => {
    where = await target.fresh();
    log = await KyselyRunLog.open(where);
  });
  afterEach(() => log.close());

  const seed = () => seedFourRuns(log);

  it('creates the schema and records its version', async () => {
    expect(log.dialect).toBe(target.name);
    const version = target.name === 'sqlite'
      ? (await target.raw<{ user_version: number }>(where, 'PRAGMA user_version'))[0].user_version
      : (await target.raw<{ version: number }>(where, 'SELECT version FROM seqlab_schema'))[0].version;
    expect(version).toBe(SCHEMA_VERSION);
    expect(await log.integrityCheck()).toBe('ok');
  });

  it('keeps a run with its epochs, metrics and predictions across reopening', async () => {
    const id = await log.createRun(base, weather);
    await log.setBackend(id, 'wasm');
    await log.addEpoch(id, { epoch: 1, loss: 0.5, valLoss: 0.6, seconds: 1 });
    await log.addEpoch(id, { epoch: 2, loss: 0.3, valLoss: null, seconds: 1 });
    // Logging the same epoch again replaces it.
    await log.addEpoch(id, { epoch: 2, loss: 0.25, valLoss: null, seconds: 1.5 });
    expect((await log.listRuns())[0]).toMatchObject({ id, status: 'running', epochsRun: 2, backend: 'wasm' });
    expect(await log.finishRun(id, result(0.7))).toBe(true);
    await log.close();

    log = await KyselyRunLog.open(where);
    const run = await log.getRun(id);
    if (!isForecastRun(run)) throw new Error('expected the forecast run back');
    expect(run).toMatchObject({ status: 'completed', epochsRun: 2, backend: 'wasm', config: base, dataset: weather, bestValLoss: 0.6 });
    expect(run.epochs).toEqual([
      { epoch: 1, loss: 0.5, valLoss: 0.6, seconds: 1 },
      { epoch: 2, loss: 0.25, valLoss: null, seconds: 1.5 },
    ]);
    // 64-bit floats both ways (PostgreSQL's `real` would round these).
    expect(run.trainSamplesPerSecond).toBe(1000);
    expect(run.metrics?.test?.rmse).toBe(0.7 * 1.3);
    expect(run.predictions).toEqual(result(0.7).predictions);
    expect(run.finishedAt).not.toBeNull();
  });

  it('finalises a run once, and fails only an open run', async () => {
    const failed = await log.createRun(base, weather);
    expect(await log.failRun(failed, 'The trainer process exited unexpectedly (killed)')).toBe(true);
    const done = await log.createRun(base, weather);
    expect(await log.finishRun(done, result(0.5))).toBe(true);
    expect(await log.finishRun(done, { ...result(0.1), status: 'stopped' })).toBe(false);
    expect(await log.failRun(done, 'late failure')).toBe(false);
    expect(await log.getSummary(failed)).toMatchObject({ status: 'failed', error: 'The trainer process exited unexpectedly (killed)' });
    expect(await log.getSummary(done)).toMatchObject({ status: 'completed', error: null, metrics: { test: { mae: 0.5 } } });
  });

  it('marks runs left open by a dead process on this host as interrupted; leaves live owners and other hosts alone', async () => {
    const dead = await log.createRun(base, weather);
    await log.addEpoch(dead, { epoch: 1, loss: 0.5, valLoss: 0.6, seconds: 1 });
    const live = await log.createRun(base, weather, 'queued');
    const elsewhere = await log.createRun(base, weather);
    const trial = await log.createRun(base, weather, 'queued', 'queue');
    await target.raw(where, 'UPDATE runs SET owner_pid = ? WHERE id = ?', [2 ** 22 + 12345, dead]);
    await target.raw(where, 'UPDATE runs SET owner_pid = ?, owner_start = ? WHERE id = ?', [process.ppid, readProcStat(process.ppid)?.startTime ?? null, live]);
    await target.raw(where, `UPDATE runs SET owner_pid = ?, owner_host = 'another-machine' WHERE id = ?`, [2 ** 22 + 12345, elsewhere]);
    expect(await log.markInterruptedRuns()).toBe(1);
    expect(await log.getRun(dead)).toMatchObject({ status: 'interrupted', epochsRun: 1 });
    expect((await log.getRun(dead)).epochs).toHaveLength(1);
    expect((await log.getSummary(live)).status).toBe('queued');
    expect((await log.getSummary(elsewhere)).status).toBe('running');
    // A sweep's trial waiting for a worker belongs to the queue, whatever became of the process that queued it.
    expect((await log.getSummary(trial)).status).toBe('queued');
  });

  it('says which run is missing', async () => {
    await expect(log.getRun(42)).rejects.toThrow(/Run 42 is not in the run log/);
    await expect(log.updateRun(999, { starred: true })).rejects.toThrow(/Run 999 is not in the run log/);
  });

  it('pages newest first with the total, and offers datasets and tags to filter by', async () => {
    const [a, b, c, d] = await seed();
    const first = await log.queryRuns({ limit: 2 });
    expect(first.runs.map((r) => r.id)).toEqual([d, c]);
    expect(first.total).toBe(4);
    expect((await log.queryRuns({ limit: 2, offset: 2 })).runs.map((r) => r.id)).toEqual([b, a]);
    expect(first.datasets).toEqual(['airline.csv', 'weather.csv']);
  });

  it('filters by text, dataset, cell, status and tag', async () => {
    const [a, b, c, d] = await seed();
    await log.updateRun(b, { tags: ['baseline', 'keep'], note: 'Best LSTM so far' });
    const ids = async (query: RunsQuery) => (await log.queryRuns(query)).runs.map((r) => r.id).sort();
    expect(await ids({ filter: { text: 'airline' } })).toEqual([c]);
    expect(await ids({ filter: { text: 'lstm' } })).toEqual([b]);
    expect(await ids({ filter: { text: 'so far' } })).toEqual([b]);
    expect(await ids({ filter: { text: 'KEEP' } })).toEqual([b]);
    expect(await ids({ filter: { text: `#${a}` } })).toEqual([a]);
    expect(await ids({ filter: { text: '100%' } })).toEqual([]);
    expect(await ids({ filter: { text: 'wasm' } })).toEqual([a, b, c].sort());
    expect(await ids({ filter: { dataset: 'weather.csv' } })).toEqual([a, b, d].sort());
    expect(await ids({ filter: { cell: 'SimpleRNN' } })).toEqual([c, d].sort());
    expect(await ids({ filter: { status: 'running' } })).toEqual([d]);
    expect(await ids({ filter: { tag: 'keep' } })).toEqual([b]);
    expect(await ids({ filter: { tag: 'kee' } })).toEqual([]);
    expect((await log.queryRuns({})).tags).toEqual(['baseline', 'keep']);
  });

  it('sorts by metrics, settings and duration with empty values last in both directions', async () => {
    const [a, b, c, d] = await seed();
    const order = async (column: NonNullable<RunsQuery['sort']>['column'], direction: 'asc' | 'desc') =>
      (await log.queryRuns({ sort: { column, direction } })).runs.map((r) => r.id);
    expect(await order('testMae', 'asc')).toEqual([b, a, c, d]);
    expect(await order('testMae', 'desc')).toEqual([c, a, b, d]);
    expect(await log.getSummary(a)).toMatchObject({ bestValLoss: 0.4, lastValLoss: 0.45 });
    expect(await order('bestValLoss', 'asc')).toEqual([b, a, c, d]);
    expect(await order('bestValLoss', 'desc')).toEqual([a, b, d, c]);
    expect((await order('window', 'desc'))[0]).toBe(a);
    expect(await order('skill', 'desc')).toEqual([b, a, c, d]);
    await target.raw(where, `UPDATE runs SET created_at = '2025-01-01T00:00:00.000Z', finished_at = ? WHERE id = ?`, ['2025-01-01T00:00:09.000Z', a]);
    await target.raw(where, `UPDATE runs SET created_at = '2025-01-01T00:00:00.000Z', finished_at = ? WHERE id = ?`, ['2025-01-01T00:10:00.000Z', c]);
    const byDuration = await order('duration', 'desc');
    expect(byDuration.slice(0, 2)).toEqual([c, a]);
    expect(byDuration.at(-1)).toBe(d);
    expect((await order('dataset', 'asc'))[0]).toBe(c);
  });

  it('hides archived runs unless asked, and finds starred ones', async () => {
    const [a, b] = await seed();
    await log.updateRun(a, { archived: true });
    await log.updateRun(b, { starred: true });
    expect((await log.queryRuns({})).runs.map((r) => r.id)).not.toContain(a);
    expect((await log.queryRuns({ filter: { archived: 'only' } })).runs.map((r) => r.id)).toEqual([a]);
    expect((await log.queryRuns({ filter: { archived: 'include' } })).total).toBe(4);
    expect((await log.queryRuns({ filter: { starred: true } })).runs.map((r) => r.id)).toEqual([b]);
  });

  it('keeps tags trimmed and unique, and the note, star and archive flags, across reopening', async () => {
    const [a] = await seed();
    const updated = await log.updateRun(a, { tags: [' sweep-1 ', 'sweep-1', 'gru', ''], note: 'window 24 helps', starred: true });
    expect(updated).toMatchObject({ tags: ['sweep-1', 'gru'], note: 'window 24 helps', starred: true, archived: false });
    await log.updateRun(a, { tags: ['gru'] });
    await log.close();
    log = await KyselyRunLog.open(where);
    expect(await log.getSummary(a)).toMatchObject({ tags: ['gru'], note: 'window 24 helps', starred: true });
    expect((await log.queryRuns({ filter: { tag: 'sweep-1' } })).total).toBe(0);
  });

  it('deletes a run with its epochs, predictions and tags, and refuses a run still training', async () => {
    const [a, , , d] = await seed();
    await log.updateRun(a, { tags: ['x'] });
    await log.deleteRun(a);
    await expect(log.getSummary(a)).rejects.toThrow(/not in the run log/);
    for (const table of ['epochs', 'predictions', 'run_tags']) {
      const [row] = await target.raw<{ n: number | string }>(where, `SELECT COUNT(*) AS n FROM ${table} WHERE run_id = ?`, [a]);
      expect(Number(row.n)).toBe(0);
    }
    await expect(log.deleteRun(d)).rejects.toThrow(/still training: stop it first/);
  });

  it('stores a thinned preview for overview charts and the whole series for the run view', async () => {
    const n = 9000;
    const long = { times: Array.from({ length: n }, (_, i) => i * 1000), truth: Array.from({ length: n }, (_, i) => Math.sin(i)), predicted: new Array(n).fill(0.5), persistence: new Array(n).fill(0) };
    const id = await log.createRun(base, weather);
    await log.finishRun(id, { ...result(0.5), predictions: long });
    expect(await log.getPredictions(id)).toEqual(long);
    expect(await log.hasPredictions(id)).toBe(true);
    const preview = (await log.getPredictions(id, 2000))!;
    expect(preview.truth.length).toBe(1801);
    expect(preview.times?.at(-1)).toBe((n - 1) * 1000);
  });

  it('writes a batch whole or not at all, and reads a transaction on one state', async () => {
    const before = (await log.listRuns()).length;
    await expect(log.batch(async (inside) => {
      const id = await inside.createRun(base, weather);
      await inside.setRunOrigin(id, { rerunOf: 1 });
      throw new Error('half-way');
    })).rejects.toThrow('half-way');
    expect((await log.listRuns()).length).toBe(before);
    const id = await log.batch(async (inside) => {
      const created = await inside.createRun(base, weather);
      await inside.addEpoch(created, { epoch: 1, loss: 1, valLoss: 1, seconds: 1 });
      return created;
    });
    const [summary, epochs] = await log.readTransaction(async (inside) => [await inside.getSummary(id), await inside.getEpochs(id)] as const);
    expect(summary.epochsRun).toBe(epochs.length);
  });

  it('imports a finished run whole, with its epochs, predictions, tags and note', async () => {
    const [a] = await seed();
    const source = await log.getRun(a);
    const id = await log.importRun(
      { ...source, status: 'completed', tags: ['imported'], note: 'from a bundle', starred: true, provenance: null } as never,
      source.epochs,
      source.predictions,
    );
    expect(await log.getRun(id)).toMatchObject({ status: 'completed', epochsRun: 2, tags: ['imported'], note: 'from a bundle', starred: true, bestValLoss: 0.4 });
    expect((await log.queryRuns({ filter: { text: 'from a bundle' } })).runs.map((r) => r.id)).toEqual([id]);
  });

  it('keeps sweeps with their pending combinations and runs', async () => {
    const spec = { name: 'w x c', mode: 'grid', values: { window: [5, 24] } } as never;
    const sweep = await log.sweeps.create(spec, [{ window: 5 }, { window: 24 }] as never);
    const run = await log.createRun(base, weather);
    await log.setRunOrigin(run, { sweepId: sweep, provenance: { datasetPath: '/data/weather.csv' } as never });
    await log.sweeps.setPending(sweep, [{ window: 24 }] as never);
    await log.sweeps.setStatus(sweep, 'stopped');
    expect(await log.sweeps.get(sweep)).toMatchObject({ id: sweep, name: 'w x c', status: 'stopped', pending: [{ window: 24 }] });
    expect(await log.sweeps.runs(sweep)).toEqual([{ id: run, status: 'running' }]);
    expect(await log.sweeps.idsWithStatus('stopped')).toEqual([sweep]);
    expect(await log.sweeps.lastOwner(sweep)).toMatchObject({ pid: process.pid });
    expect(await log.sweeps.datasetPaths(SHA_A)).toEqual(['/data/weather.csv']);
    expect((await log.sweeps.list()).map((s) => s.id)).toEqual([sweep]);
  });

  it('points backtest folds at their parent run', async () => {
    const parent = await log.createRun(base, weather);
    const folds = [await log.createRun(base, weather), await log.createRun(base, weather)];
    for (const fold of folds) await log.setRunOrigin(fold, { parentRunId: parent });
    expect(await log.childRuns(parent)).toEqual(folds);
    expect((await log.getSummary(folds[0])).parentRunId).toBe(parent);
    expect((await log.getSummary(parent)).parentRunId).toBeNull();
  });

  it('records each execution of a run; epochs are kept per execution and the run shows its current one', async () => {
    const id = await log.createRun(base, weather, 'queued');
    const first = await log.startExecution(id, 'worker-a');
    expect(first).toBe(1);
    await log.addEpoch(id, { epoch: 1, loss: 0.9, valLoss: 0.9, seconds: 1 }, first!);
    await log.addEpoch(id, { epoch: 2, loss: 0.8, valLoss: 0.7, seconds: 1 }, first!);
    // worker-a is killed; the queue hands the trial to worker-b.
    const second = await log.startExecution(id, 'worker-b');
    expect(second).toBe(2);
    expect((await log.getSummary(id)).epochsRun).toBe(0);
    await log.addEpoch(id, { epoch: 1, loss: 0.5, valLoss: 0.6, seconds: 1 }, second!);
    // A late write from the abandoned execution lands in its own rows, never in the current run's.
    await log.addEpoch(id, { epoch: 3, loss: 0.7, valLoss: 0.7, seconds: 1 }, first!);
    await log.addEpoch(id, { epoch: 1, loss: 0.4, valLoss: 0.5, seconds: 1 }, second!);
    expect(await log.getEpochs(id)).toEqual([{ epoch: 1, loss: 0.4, valLoss: 0.5, seconds: 1 }]);
    // ... nor finalises it.
    expect(await log.finishRun(id, result(0.9), first!)).toBe(false);
    expect(await log.finishRun(id, result(0.5), second!)).toBe(true);
    expect(await log.finishRun(id, result(0.5), second!)).toBe(false);
    expect(await log.getSummary(id)).toMatchObject({ status: 'completed', epochsRun: 1, bestValLoss: 0.5 });
    expect((await log.executions(id)).map(({ execution, worker, outcome }) => ({ execution, worker, outcome }))).toEqual([
      { execution: 1, worker: 'worker-a', outcome: 'abandoned' },
      { execution: 2, worker: 'worker-b', outcome: 'completed' },
    ]);
    const [row] = await target.raw<{ n: number | string }>(where, 'SELECT COUNT(*) AS n FROM epochs WHERE run_id = ?', [id]);
    expect(Number(row.n)).toBe(4);
    // A trial delivered again after its run was final is recognised as done.
    expect(await log.startExecution(id, 'worker-c')).toBeNull();
  });

  it('hands a trial back: its execution abandoned, the run queued again', async () => {
    const id = await log.createRun(base, weather, 'queued');
    const execution = (await log.startExecution(id, 'worker-a'))!;
    await log.abandonExecution(id, execution);
    expect((await log.getSummary(id)).status).toBe('queued');
    expect((await log.executions(id))[0].outcome).toBe('abandoned');
  });

  it('keeps a dataset once by its SHA-256, bytes intact', async () => {
    const content = Buffer.from('time,T\n2020-01-01,1.5\n2020-01-02,\u00e9\u0000\n', 'utf8');
    const meta = { sha256: SHA_A, fileName: 'weather.csv', sizeBytes: content.length, importOptions: { dateOrder: 'dmy' } };
    expect(await log.hasDataset(SHA_A)).toBe(false);
    await log.putDataset(meta, content);
    await log.putDataset({ ...meta, fileName: 'copy.csv' }, content);
    expect(await log.getDataset(SHA_A)).toEqual({ ...meta, content });
    expect(await log.hasDataset(SHA_A)).toBe(true);
    expect(await log.getDataset(SHA_B)).toBeUndefined();
  });

  // Workers starting together against one server. (SQLite's driver is synchronous: two connections in one process
  // would wait on each other's lock with the event loop blocked; processes opening one file are what it serialises.)
  it.runIf(target.name === 'postgres')('opens one new log from several pools at once and migrates it once', async () => {
    const fresh = await target.fresh();
    const logs = await Promise.all([KyselyRunLog.open(fresh), KyselyRunLog.open(fresh), KyselyRunLog.open(fresh)]);
    const id = await logs[0].createRun(base, weather);
    expect((await logs[2].getSummary(id)).id).toBe(id);
    await Promise.all(logs.map((l) => l.close()));
  });
});
