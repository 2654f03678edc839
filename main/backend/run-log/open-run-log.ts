// Runs in: main process (plain Node). Opens the run log a user named. Callers get a RunLog and never learn which
// database is behind it; today the app's log is a SQLite file. A postgres:// log (kysely/kysely-run-log.ts) serves
// workers, queued sweeps and `seqlab runs` until the rest of the callers move to the promise-based interface.
import { UserError } from '../../../shared/util/errors';
import { redactUrl } from '../../core/redact-url';
import type { RunLog } from './run-log';
import { isPostgresUrl } from './kysely/log-database';
import { RunStore } from './sqlite/sqlite-run-store';
import { withPlainDatabaseErrors } from './sqlite/database-errors';

export function openRunLog(path: string): RunLog {
  if (isPostgresUrl(path)) {
    throw new UserError(
      `${redactUrl(path)} is a shared PostgreSQL run log: seqlab worker, seqlab sweep --queue and seqlab runs use it; ` +
        'this command still needs a SQLite file for --db.',
    );
  }
  // Faults of the file (damaged, read-only, locked, a full disk) come out as plain messages naming it.
  return withPlainDatabaseErrors<RunLog>(new RunStore(path), path);
}
