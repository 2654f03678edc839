// Runs in: vitest (Node), against the built `npm run serve` and `seqlab` as real processes and a real, password-
// protected PostgreSQL server (issue 14, item 1). The browser mode on a postgres:// --db trains a run through its API
// (upload, import, train), `seqlab runs --db postgres://... --json` then lists it, and a server that cannot be reached
// stops serve and the CLI with one clear line. No process ever prints the password.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DatasetSummary } from '../../shared/model/dataset';
import { isForecastRun, type RunDetail, type RunSummary } from '../../shared/model/run';
import type { RunBundle, SweepDetail } from '../../shared/model/experiments';
import type { RunComparison } from '../../shared/model/run-log';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { KyselyRunLog } from '../../main/backend/run-log/kysely/kysely-run-log';
import { ROOT, expectCleanFailure, requireBuilt } from '../support/built';
import { startCli, until, type CliProcess } from '../support/cli-process';
import { freePort, startPostgres, type PostgresServer } from '../support/servers';
import { spawn, spawnSync } from 'node:child_process';

const SERVE = join(ROOT, 'dist', 'main', 'serve.js');
const AIRLINE = join(ROOT, 'test', 'fixtures', 'airline-passengers.csv');

/** `npm run serve`'s program as a real process, its output collected as it comes. */
function startServe(args: string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, [SERVE, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, out: () => text, exited };
}

function upload(base: URL, body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: base.hostname, port: base.port, method: 'POST', path: `/upload?token=${base.searchParams.get('token')}`, headers: { origin: base.origin } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          const parsed = JSON.parse(text) as { uploadId?: string; error?: { message: string } };
          if (parsed.uploadId) resolve(parsed.uploadId);
          else reject(new Error(`upload refused (${res.statusCode}): ${parsed.error?.message}`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One API call over the page's WebSocket, as the browser makes it. */
async function call<T>(base: URL, method: string, params: unknown[]): Promise<T> {
  const ws = new WebSocket(`ws://${base.host}/api?token=${base.searchParams.get('token')}`, { origin: base.origin });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  try {
    const reply = await new Promise<{ result?: T; error?: { message: string } }>((resolve) => {
      // Events come on the same socket: wait for the reply to this call.
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.id === 1) resolve(message);
      });
      ws.send(JSON.stringify({ id: 1, method, params }));
    });
    if (reply.error) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result as T;
  } finally {
    ws.close();
  }
}

describe('npm run serve and the CLI on a PostgreSQL run log', () => {
  let postgres: PostgresServer;
  let dir: string;
  let db: string;
  let password: string;
  const printed: string[] = [];

  beforeAll(async () => {
    requireBuilt();
    postgres = await startPostgres();
    db = postgres.url(await postgres.createDatabase());
    password = decodeURIComponent(new URL(db).password);
    dir = mkdtempSync(join(tmpdir(), 'seqlab-serve-pg-'));
  });
  afterAll(async () => {
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trains a run through the browser mode\'s API into PostgreSQL; seqlab runs lists it', async () => {
    // Uploads and run files stay on this machine, in its own data folder; the log is the server's.
    const env = { XDG_DATA_HOME: join(dir, 'home') };
    const serve = startServe(['--db', db, '--port', '0'], env);
    try {
      await until('serve to print its URL', () => /Open http:\S+/.test(serve.out()), 120_000, serve);
      const base = new URL(/Open (http:\S+)/.exec(serve.out())![1]);
      expect(serve.out()).toContain(`run log postgres://seqlab:***@127.0.0.1:${new URL(db).port}/`);

      const uploadId = await upload(base, readFileSync(AIRLINE));
      const summary = await call<DatasetSummary>(base, 'importUpload', [uploadId, 'airline.csv']);
      const config = { ...FORECAST_DEFAULTS, datasetId: summary.id, target: 'Passengers', features: ['Passengers'], window: 3, hiddenUnits: 4, epochs: 2, batchSize: 32 };
      const { runId } = await call<{ runId: number }>(base, 'startTraining', [config]);
      let run: RunDetail;
      for (const deadline = Date.now() + 180_000; ; await new Promise((r) => setTimeout(r, 500))) {
        run = await call<RunDetail>(base, 'getRun', [runId]);
        if (run.status !== 'running' && run.status !== 'queued') break;
        if (Date.now() > deadline) throw new Error(`Run ${runId} did not finish in 3 minutes:\n${serve.out()}`);
      }
      expect(run, run.error ?? '').toMatchObject({ id: runId, status: 'completed', epochsRun: 2 });
      expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2]);

      const runs = startCli(['runs', '--db', db, '--json'], env);
      expect(await runs.exited, runs.out()).toBe(0);
      printed.push(runs.out());
      const listed = JSON.parse(runs.out()) as RunSummary[];
      expect(listed.map((r) => [r.id, r.status, r.dataset.fileName])).toEqual([[runId, 'completed', 'airline.csv']]);

      // The log itself, read directly: the run and its epochs, once each.
      const log = await KyselyRunLog.open(db);
      try {
        expect((await log.getEpochs(runId)).map((e) => e.epoch)).toEqual([1, 2]);
        expect(await log.executions(runId)).toEqual([]);
      } finally {
        await log.close();
      }
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
      printed.push(serve.out());
    }
  });

  it('reruns, sweeps, compares, exports and re-imports runs through the API on PostgreSQL', async () => {
    const env = { XDG_DATA_HOME: join(dir, 'home-features') };
    const serve = startServe(['--db', db, '--port', '0'], env);
    /** Polls a run until it has ended, as the window does through getRun. */
    const finished = async (base: URL, runId: number): Promise<RunDetail> => {
      for (const deadline = Date.now() + 180_000; ; await new Promise((r) => setTimeout(r, 500))) {
        const run = await call<RunDetail>(base, 'getRun', [runId]);
        if (run.status !== 'running' && run.status !== 'queued') return run;
        if (Date.now() > deadline) throw new Error(`Run ${runId} did not finish in 3 minutes:\n${serve.out()}`);
      }
    };
    try {
      await until('serve to print its URL', () => /Open http:\S+/.test(serve.out()), 120_000, serve);
      const base = new URL(/Open (http:\S+)/.exec(serve.out())![1]);
      const summary = await call<DatasetSummary>(base, 'importUpload', [await upload(base, readFileSync(AIRLINE)), 'airline.csv']);
      const config = { ...FORECAST_DEFAULTS, datasetId: summary.id, target: 'Passengers', features: ['Passengers'], window: 3, hiddenUnits: 4, epochs: 2, batchSize: 32, seed: 7 };
      const first = await finished(base, (await call<{ runId: number }>(base, 'startTraining', [config])).runId);
      expect(first.status, first.error ?? '').toBe('completed');

      // Run again: same settings, same file, a new run with its own epochs.
      const again = await finished(base, (await call<{ runId: number }>(base, 'rerun', [first.id])).runId);
      expect(again).toMatchObject({ status: 'completed', epochsRun: 2 });
      expect(again.id).not.toBe(first.id);

      // A sweep on this machine, logged in PostgreSQL.
      const { sweepId } = await call<{ sweepId: number }>(base, 'startSweep', [
        { name: 'pg sweep', base: config, mode: 'grid', values: { hiddenUnits: [2, 3] }, seed: 1, concurrency: 1 },
      ]);
      let sweep: SweepDetail;
      for (const deadline = Date.now() + 240_000; ; await new Promise((r) => setTimeout(r, 500))) {
        sweep = await call<SweepDetail>(base, 'getSweep', [sweepId]);
        if (sweep.status !== 'running') break;
        if (Date.now() > deadline) throw new Error(`Sweep ${sweepId} did not finish:\n${serve.out()}`);
      }
      expect(sweep.status).toBe('completed');
      expect(sweep.runs.map((r) => r.status)).toEqual(['completed', 'completed']);
      expect(sweep.runs.map((r) => (isForecastRun(r) ? r.config.hiddenUnits : null)).sort()).toEqual([2, 3]);

      // Compare the run and its rerun: same data and test range, so predictions come too.
      const comparison = await call<RunComparison>(base, 'compareRuns', [[first.id, again.id]]);
      expect(comparison.runs.map((r) => r.run.id)).toEqual([first.id, again.id]);
      expect(comparison.predictions?.map((p) => p.runId)).toEqual([first.id, again.id]);

      // A bundle out and back in: a new run id with the same epochs.
      const bundle = await call<RunBundle>(base, 'exportRun', [first.id]);
      const imported = await call<RunSummary>(base, 'importRun', [bundle]);
      expect(imported.id).not.toBe(first.id);
      const importedDetail = await call<RunDetail>(base, 'getRun', [imported.id]);
      expect(importedDetail.epochs.map((e) => e.loss)).toEqual(first.epochs.map((e) => e.loss));

      // The runs table's CSV lists every run of this log (the previous test's included).
      const csv = await call<string>(base, 'exportRunsCsv', [{}]);
      const ids = [first.id, again.id, imported.id, ...sweep.runs.map((r) => r.id)];
      const csvIds = csv.trimEnd().split('\n').slice(1).map((line) => Number(line.split(',')[0]));
      for (const id of ids) expect(csvIds).toContain(id);
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
      printed.push(serve.out());
    }
  }, 480_000);

  it('a server that cannot be reached: one clear line, a non-zero exit, the password masked', async () => {
    const port = await freePort();
    const unreachable = `postgres://team:log-pw@127.0.0.1:${port}/runs`;
    const env = { ...process.env, XDG_DATA_HOME: join(dir, 'home') };

    const serve = spawnSync(process.execPath, [SERVE, '--db', unreachable, '--port', '0'], { encoding: 'utf8', timeout: 60_000, env });
    expectCleanFailure({ code: serve.status, stdout: serve.stdout, stderr: serve.stderr }, new RegExp(`^seqlab serve: Cannot reach the run log at postgres://team:\\*\\*\\*@127\\.0\\.0\\.1:${port}/runs: .*ECONNREFUSED`));
    expect(serve.stderr.trim().split('\n')).toHaveLength(1);

    for (const args of [['runs', '--json'], ['compare', '1', '2'], ['train', '--csv', AIRLINE, '--target', 'Passengers', '--epochs', '1']]) {
      const cli = spawnSync(process.execPath, [join(ROOT, 'bin', 'seqlab.js'), ...args, '--db', unreachable], { encoding: 'utf8', timeout: 60_000, env });
      expectCleanFailure({ code: cli.status, stdout: cli.stdout, stderr: cli.stderr }, new RegExp(`^seqlab: Cannot reach the run log at postgres://team:\\*\\*\\*@127\\.0\\.0\\.1:${port}/runs`));
      expect(cli.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      printed.push(cli.stdout + cli.stderr);
    }
    printed.push(serve.stdout + serve.stderr);
    for (const text of printed) expect(text).not.toContain('log-pw');
  });

  it('never printed the PostgreSQL password', () => {
    expect(printed.length).toBeGreaterThan(0);
    for (const text of printed) expect(text).not.toContain(password);
  });
});
