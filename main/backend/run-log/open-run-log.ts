// Runs in: main process and workers (plain Node). Opens the run log a user named with --db: a file path is a SQLite
// log, a postgres:// URL a shared PostgreSQL one (kysely/kysely-run-log.ts serves both). Callers get an AsyncRunLog
// whose faults (a damaged file, a full disk, a server gone) come out as plain messages naming the log.
import type { AsyncRunLog } from './async-run-log';
import { withPlainDatabaseErrors } from './database-errors';
import { KyselyRunLog, type OpenOptions } from './kysely/kysely-run-log';

export { isPostgresUrl } from './kysely/log-database';

export async function openRunLog(target: string, options: OpenOptions = {}): Promise<AsyncRunLog> {
  const log = await KyselyRunLog.open(target, options);
  // log.path is the target with any password taken out: messages name it, never the URL as typed.
  return withPlainDatabaseErrors<AsyncRunLog>(log, log.path);
}
