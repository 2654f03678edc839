// Runs in: vitest (Node). What every queue test of the built CLI starts with: a real Redis and a real PostgreSQL (a
// fresh database), a scratch folder, `seqlab` processes started with their own data folder (as separate machines
// would have) and killed by PID after the tests, and a sweep file on the Szeged slice.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { SZEGED_SLICE, requireBuilt } from './built';
import { startCli, type CliProcess } from './cli-process';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from './servers';

export interface QueueRig {
  readonly redis: RedisServer;
  readonly postgres: PostgresServer;
  /** A database of its own on the PostgreSQL server, as a postgres:// URL (with its password). */
  readonly dbUrl: string;
  readonly dir: string;
  /** `seqlab ARGS` with XDG_DATA_HOME in its own folder under dir, named `home`; killed after the tests. */
  start(args: string[], home: string): CliProcess;
  /** Copies the Szeged slice next to a sweep file with these fields (its csv set to the copy); returns its path. */
  sweepFile(sweep: Record<string, unknown>): string;
}

/** One rig for the describe block it is called in: servers up before its tests, everything stopped after them. */
export function useQueueRig(redisOptions: Parameters<typeof startRedis>[0] = {}): QueueRig {
  let redis: RedisServer | undefined;
  let postgres: PostgresServer | undefined;
  let dbUrl = '';
  let dir = '';
  const procs: CliProcess[] = [];
  beforeAll(async () => {
    requireBuilt();
    [redis, postgres] = await Promise.all([startRedis(redisOptions), startPostgres()]);
    dbUrl = postgres.url(await postgres.createDatabase());
    dir = mkdtempSync(join(tmpdir(), 'seqlab-queue-'));
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) process.kill(p.child.pid!, 'SIGKILL');
    await Promise.all([redis?.stop(), postgres?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The queue rig is not up yet: use it inside a test');
    return value;
  };
  return {
    get redis() {
      return ready(redis);
    },
    get postgres() {
      return ready(postgres);
    },
    get dbUrl() {
      return ready(dbUrl || undefined);
    },
    get dir() {
      return ready(dir || undefined);
    },
    start(args, home) {
      const proc = startCli(args, { XDG_DATA_HOME: join(ready(dir || undefined), home) });
      procs.push(proc);
      return proc;
    },
    sweepFile(sweep) {
      const folder = ready(dir || undefined);
      copyFileSync(SZEGED_SLICE, join(folder, 'szeged.csv'));
      const path = join(folder, 'sweep.json');
      writeFileSync(path, JSON.stringify({ csv: 'szeged.csv', ...sweep }));
      return path;
    },
  };
}
