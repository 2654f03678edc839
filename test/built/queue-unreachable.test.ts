// Runs in: vitest (Node), against the built CLI, a real Redis and a real PostgreSQL. A server that cannot be reached
// stops the command with one clear line, its password masked, and nothing half-written: a sweep whose queue is down
// leaves no run and no sweep in the log; a worker whose log is down never takes a trial.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KyselyRunLog } from '../../main/backend/run-log/kysely/kysely-run-log';
import { SZEGED_SLICE, expectCleanFailure, requireBuilt, seqlab } from '../support/built';
import { freePort, startPostgres, startRedis, type PostgresServer, type RedisServer } from '../support/servers';

describe('servers that cannot be reached', () => {
  let redis: RedisServer;
  let postgres: PostgresServer;
  let dir: string;
  beforeAll(async () => {
    requireBuilt();
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
    dir = mkdtempSync(join(tmpdir(), 'seqlab-unreachable-'));
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), postgres?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a sweep whose queue is down writes nothing to the log', async () => {
    copyFileSync(SZEGED_SLICE, join(dir, 'szeged.csv'));
    const config = join(dir, 'sweep.json');
    writeFileSync(config, JSON.stringify({ csv: 'szeged.csv', base: { target: 'Temperature (C)', epochs: 1 }, values: { window: [6, 12] } }));
    const db = postgres.url(await postgres.createDatabase());
    const port = await freePort();
    const result = seqlab('sweep', '--config', config, '--queue', `redis://:queue-pw@127.0.0.1:${port}`, '--db', db);
    expectCleanFailure(result, new RegExp(`Cannot reach the queue at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    expect(result.stderr + result.stdout).not.toContain('queue-pw');
    const log = await KyselyRunLog.open(db);
    try {
      expect(await log.listRuns()).toEqual([]);
      expect(await log.sweeps.list()).toEqual([]);
    } finally {
      await log.close();
    }
  });

  it('a worker whose log is down says so and stops', async () => {
    const port = await freePort();
    const result = seqlab('worker', '--queue', redis.url, '--db', `postgres://team:log-pw@127.0.0.1:${port}/runs`);
    expectCleanFailure(result, new RegExp(`Cannot reach the run log at postgres://team:\\*\\*\\*@127\\.0\\.0\\.1:${port}/runs: .*ECONNREFUSED`));
    expect(result.stderr + result.stdout).not.toContain('log-pw');
  });
});
