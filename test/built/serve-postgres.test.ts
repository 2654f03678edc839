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
import type { RunDetail, RunSummary } from '../../shared/model/run';
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
