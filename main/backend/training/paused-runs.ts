// Runs in: main process (plain Node). What a window that (re)loads missed: events only tell of changes, so a page
// that connects after a pause (a reload, a lost connection, Electron's Ctrl+R) would offer Pause for a run that
// waits for Resume. Every host sends these to a page as it (re)connects.
import type { SeqlabEvent } from '../../../shared/api/seqlab-api';
import type { RunSummary } from '../../../shared/model/run';

interface Sources {
  listRuns(): Promise<RunSummary[]>;
  training: { isPaused(runId: number): boolean };
}

/** A 'run-paused' event for each run that is training but waits paused; none when the run log cannot be read (the
 * page then finds out from its own calls, with their messages). */
export async function pausedRunEvents(sources: Sources): Promise<SeqlabEvent[]> {
  let runs: RunSummary[];
  try {
    runs = await sources.listRuns();
  } catch {
    return [];
  }
  return runs.filter((run) => run.status === 'running' && sources.training.isPaused(run.id)).map((run) => ({ type: 'run-paused', runId: run.id, paused: true }));
}
