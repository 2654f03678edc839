// Runs in: main process and workers (plain Node). The run log's faults in the user's terms: a SQLite file that is
// not a database, damaged, read-only, locked by another program or on a full disk, or a PostgreSQL server that went
// away, gets one sentence naming the log and what to do, not "Internal error: file is not a database".
import Database from 'better-sqlite3';
import { UserError } from '../../../shared/util/errors';
import { redactSecrets } from '../../core/redact-url';

/** The UserError for a SQLite fault on the log at `path`; any other error unchanged. */
export function plainDatabaseError(error: unknown, path: string): unknown {
  if (!(error instanceof Database.SqliteError)) return plainServerError(error, path);
  // Extended codes (SQLITE_READONLY_DBMOVED, SQLITE_IOERR_SHORT_READ, ...) share their primary code's advice.
  const code = error.code.split('_').slice(0, 2).join('_');
  switch (code) {
    case 'SQLITE_NOTADB':
      return new UserError(`${path} is not a Seqlab run log (it is not an SQLite database): choose another --db path, or move that file away.`);
    case 'SQLITE_CORRUPT':
      return new UserError(
        `The run log at ${path} is damaged (${error.message}): restore it from a backup or choose another --db path ` +
          `(\`sqlite3 ${path} .recover\` may save its runs).`,
      );
    case 'SQLITE_READONLY':
      return new UserError(`The run log at ${path} cannot be written (the file or its folder is read-only): allow writing to both, or choose another --db path.`);
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new UserError(
        `The run log at ${path} is locked by another program (waited 5 s): close that program or let it finish, then try again, or choose another --db path.`,
      );
    case 'SQLITE_FULL':
      return new UserError(`The disk holding the run log at ${path} is full: free some space, then try again.`);
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return new UserError(`Cannot open the run log at ${path} (${error.message}): choose another --db path.`);
    case 'SQLITE_IOERR':
      return new UserError(`The run log at ${path} could not be read or written (${error.message}): check the file and its disk, or choose another --db path.`);
    default:
      return error;
  }
}

/** Socket errors, and PostgreSQL's connection-exception (08...) and shutdown (57P...) classes: the server is gone. */
const SERVER_GONE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EPIPE|08...|57P0[1-3])$/;

function plainServerError(error: unknown, path: string): unknown {
  const e = error as { code?: unknown; message?: unknown } | null;
  const lostConnection = typeof e?.message === 'string' && /Connection terminated|connection timeout/i.test(e.message);
  if (!(typeof e?.code === 'string' && SERVER_GONE.test(e.code)) && !lostConnection) return error;
  const reason = redactSecrets(String(e?.message || e?.code));
  return new UserError(`Cannot reach the run log at ${path} (${reason}): check that the PostgreSQL server is running and reachable, then try again.`);
}

/** The log with every method's faults turned into plain messages (its sweeps too); methods may return promises. */
export function withPlainDatabaseErrors<T extends object>(target: T, path: string): T {
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key);
      if (typeof value === 'function') {
        return (...args: unknown[]) => {
          try {
            const result = (value as (...a: unknown[]) => unknown).apply(object, args);
            return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(plainDatabaseError(error, path))) : result;
          } catch (error) {
            throw plainDatabaseError(error, path);
          }
        };
      }
      if (key === 'sweeps' && typeof value === 'object' && value !== null) return withPlainDatabaseErrors(value, path);
      return value;
    },
  });
}
