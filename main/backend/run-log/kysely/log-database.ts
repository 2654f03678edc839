// Runs in: main process and workers (plain Node). Opens the database behind a run log: a file path is SQLite
// (better-sqlite3, WAL mode), a postgres:// URL is PostgreSQL (a pg pool). Either way the caller gets one Kysely
// instance over the same tables (log-schema.ts), migrated to the current schema.
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';
import { dirname } from 'node:path';
import pg from 'pg';
import { UserError } from '../../../../shared/util/errors';
import { makeFolder } from '../../../core/make-folder';
import { redactSecrets, redactUrl } from '../../../core/redact-url';
import type { LogTables } from './log-schema';
import { postgresDialect, sqliteDialect, type LogDialect } from './log-dialect';
import { migratePostgres, migrateSqlite } from './migrations';
import { plainDatabaseError } from '../database-errors';

export interface LogDatabase {
  db: Kysely<LogTables>;
  dialect: LogDialect;
  /** Where the log is, safe to print: the file path, or the URL without its password. */
  where: string;
}

export const isPostgresUrl = (target: string) => /^postgres(ql)?:\/\//i.test(target);

// pg returns 64-bit integers (COUNT(*), bigint columns) as strings, because they may exceed 2^53; the log's never
// do (row counts, byte sizes, clock ticks), so they are numbers here. Per pool, not pg's global parsers.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Kysely's SQLite driver begins a transaction DEFERRED: it reads, then asks for the write lock, and when another
 * process (a `seqlab worker` on the same file, the CLI) holds that lock SQLite answers SQLITE_BUSY at once, without
 * waiting busy_timeout, since a read transaction that waited could deadlock. BEGIN IMMEDIATE takes the write lock
 * first, so a transaction waits its turn (up to busy_timeout) instead of failing. */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

export async function openLogDatabase(target: string): Promise<LogDatabase> {
  return isPostgresUrl(target) ? openPostgres(target) : openSqlite(target);
}

async function openSqlite(path: string): Promise<LogDatabase> {
  if (path !== ':memory:') {
    try {
      // Level by level: mkdirSync's recursive mode never returns for a path under /proc.
      makeFolder(dirname(path));
    } catch (error) {
      throw new UserError(`Cannot create the folder for the run log at ${path} (${(error as Error).message}): choose another --db path.`);
    }
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path);
  } catch (error) {
    throw plainOpenError(error, path);
  }
  let db: Kysely<LogTables> | undefined;
  try {
    // First, so that every statement below waits for another writer rather than failing at once.
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode (only an OS crash may lose the last commit).
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    db = new Kysely<LogTables>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
    await migrateSqlite(db, sqliteDialect, path);
  } catch (error) {
    if (db) await db.destroy();
    else sqlite.close();
    if (error instanceof UserError) throw error;
    // A file that is not a database, damaged, read-only or locked: the same sentences as a fault mid-use.
    throw plainOpenError(error, path);
  }
  return { db, dialect: sqliteDialect, where: path };
}

async function openPostgres(url: string): Promise<LogDatabase> {
  const where = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, types: pgTypes, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server (a restart) must not crash the process: the pool reconnects on next use.
  pool.on('error', () => {});
  const db = new Kysely<LogTables>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migratePostgres(db, postgresDialect, where);
  } catch (error) {
    await db.destroy().catch(() => {});
    if (error instanceof UserError) throw error;
    throw new UserError(`Cannot reach the run log at ${where}: ${postgresReason(error)}.`);
  }
  return { db, dialect: postgresDialect, where };
}

function plainOpenError(error: unknown, path: string): UserError {
  const plain = plainDatabaseError(error, path);
  return plain instanceof UserError ? plain : new UserError(`Cannot open the run log at ${path} (${(error as Error).message}): choose another --db path.`);
}

/** What went wrong connecting, in a line, with any secret taken out. */
export function postgresReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { errors?: Error[] };
  // Node's happy-eyeballs connect reports an AggregateError whose own message is empty.
  const message = e.message || e.errors?.map((inner) => inner.message).join('; ') || e.code || String(error);
  return redactSecrets(message);
}
