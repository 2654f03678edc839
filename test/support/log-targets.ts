// Runs in: vitest (Node). The databases a run-log test runs against, for describe.each: a SQLite file, and a
// database on a throwaway PostgreSQL server (started once per test file, stopped by PID). Each `fresh()` is a new,
// empty log's location; `raw` reads and writes it behind the store's back, as a test sometimes must.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres, type PostgresServer } from './servers';

export interface LogTarget {
  readonly name: 'sqlite' | 'postgres';
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** A new empty log: a file path or a postgres:// URL. */
  fresh(): Promise<string>;
  /** Plain SQL on a log (`?` placeholders on both), outside the store. */
  raw<Row = Record<string, unknown>>(location: string, text: string, params?: unknown[]): Promise<Row[]>;
}

function sqliteTarget(): LogTarget {
  let dir: string | undefined;
  let n = 0;
  return {
    name: 'sqlite',
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'seqlab-log-'));
    },
    async teardown() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    async fresh() {
      return join(dir!, `log-${++n}`, 'runs.db');
    },
    async raw<Row>(location: string, text: string, params: unknown[] = []) {
      const db = new Database(location);
      try {
        const statement = db.prepare(text);
        return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as Row[];
      } finally {
        db.close();
      }
    },
  };
}

function postgresTarget(): LogTarget {
  let server: PostgresServer | undefined;
  return {
    name: 'postgres',
    async setup() {
      server = await startPostgres();
    },
    async teardown() {
      await server?.stop();
    },
    async fresh() {
      return server!.url(await server!.createDatabase());
    },
    async raw<Row>(location: string, text: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: location });
      await client.connect();
      try {
        let i = 0;
        return (await client.query(text.replace(/\?/g, () => `$${++i}`), params)).rows as Row[];
      } finally {
        await client.end();
      }
    },
  };
}

export const LOG_TARGETS: LogTarget[] = [sqliteTarget(), postgresTarget()];
