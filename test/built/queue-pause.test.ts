// Runs in: vitest (Node), against the built CLI, a real Redis and a real PostgreSQL. Stopping a sweep on workers is
// the queue's pause: Ctrl-C on `seqlab sweep --queue` pauses it, a worker started then takes nothing, and
// `seqlab sweep --resume ID --queue ...` resumes the queue and follows the sweep to its end.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIAL_QUEUE, redisConnection } from '../../main/backend/queue/trial-queue';
import { KyselyRunLog } from '../../main/backend/run-log/kysely/kysely-run-log';
import { SZEGED_SLICE, requireBuilt } from '../support/built';
import { startCli, until, type CliProcess } from '../support/cli-process';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from '../support/servers';

describe('stopping and resuming a sweep on workers', () => {
  let redis: RedisServer;
  let postgres: PostgresServer;
  let dir: string;
  const procs: CliProcess[] = [];
  beforeAll(async () => {
    requireBuilt();
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
    dir = mkdtempSync(join(tmpdir(), 'seqlab-pause-'));
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await Promise.all([redis?.stop(), postgres?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('pauses the queue on Ctrl-C and resumes it with --resume', async () => {
    copyFileSync(SZEGED_SLICE, join(dir, 'szeged.csv'));
    const config = join(dir, 'sweep.json');
    writeFileSync(config, JSON.stringify({ csv: 'szeged.csv', base: { target: 'Temperature (C)', epochs: 2, backend: 'wasm', threads: 1 }, values: { window: [6, 12] } }));
    const db = postgres.url(await postgres.createDatabase());
    const env = { XDG_DATA_HOME: join(dir, 'data') };
    const sweep = startCli(['sweep', '--config', config, '--queue', redis.url, '--db', db], env);
    procs.push(sweep);
    await until('the trials to be queued', () => /2 trials queued/.test(sweep.out()), 120_000, sweep);
    const sweepId = Number(/sweep (\d+):/.exec(sweep.out())![1]);
    sweep.child.kill('SIGINT');
    expect(await sweep.exited).toBe(1);
    expect(sweep.out()).toContain(`Resume with seqlab sweep --resume ${sweepId}`);

    const queue = new Queue(TRIAL_QUEUE, { connection: redisConnection(redis.url) });
    const log = await KyselyRunLog.open(db);
    try {
      expect(await queue.isPaused()).toBe(true);
      expect((await log.sweeps.get(sweepId))?.status).toBe('stopped');
      // A worker on a paused queue takes nothing.
      const worker = startCli(['worker', '--queue', redis.url, '--db', db, '--name', 'w'], env);
      procs.push(worker);
      await until('the worker to start', () => /taking trials/.test(worker.out()), 60_000, worker);
      await new Promise((r) => setTimeout(r, 3000));
      expect((await log.sweeps.runs(sweepId)).map((r) => r.status)).toEqual(['queued', 'queued']);

      const resumed = startCli(['sweep', '--resume', String(sweepId), '--queue', redis.url, '--db', db, '--json'], env);
      procs.push(resumed);
      expect(await resumed.exited).toBe(0);
      expect(await queue.isPaused()).toBe(false);
      const detail = JSON.parse(resumed.out().trim().split('\n').at(-1)!) as { status: string; runs: { status: string; executions: { worker: string }[] }[] };
      expect(detail.status).toBe('completed');
      expect(detail.runs.map((r) => [r.status, r.executions.map((e) => e.worker)])).toEqual([['completed', ['w']], ['completed', ['w']]]);
      expect((await log.sweeps.get(sweepId))?.status).toBe('completed');
      worker.child.kill('SIGINT');
      expect(await worker.exited).toBe(0);
    } finally {
      await queue.close();
      await log.close();
    }
  }, 480_000);
});
