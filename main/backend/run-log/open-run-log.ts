// Runs in: main process (plain Node). Opens the run log a user named. Callers get a RunLog and never learn which
// database is behind it; today every log is a SQLite file.
import type { RunLog } from './run-log';
import { RunStore } from './sqlite/sqlite-run-store';

export function openRunLog(path: string): RunLog {
  return new RunStore(path);
}
