// Runs in: renderer. The window's session kept in localStorage, so a reload or a restart of the app comes back to the
// same place: the imported dataset's summary, the task, both forms' values and the open run. Plain data only; what
// it means (and whether main still knows the dataset) is app-state's business.
import type { TaskType } from '../../shared/model/config';
import type { DatasetSummary } from '../../shared/model/dataset';

export interface SavedSession {
  dataset: DatasetSummary | null;
  task: TaskType;
  forecast: Record<string, unknown> | null;
  text: Record<string, unknown> | null;
  runId: number | null;
}

/** Bumped when the shape changes: an older save is dropped rather than misread. */
const KEY = 'seqlab.session.v1';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage refused (privacy settings): the window works, it just starts afresh after a reload.
    return null;
  }
}

export function loadSession(): SavedSession | null {
  const text = storage()?.getItem(KEY);
  if (!text) return null;
  try {
    const saved = JSON.parse(text) as Partial<SavedSession>;
    if (typeof saved !== 'object' || saved === null) return null;
    return {
      dataset: saved.dataset && typeof saved.dataset.id === 'string' ? saved.dataset : null,
      task: saved.task === 'text' ? 'text' : 'forecast',
      forecast: saved.forecast && typeof saved.forecast === 'object' ? saved.forecast : null,
      text: saved.text && typeof saved.text === 'object' ? saved.text : null,
      runId: typeof saved.runId === 'number' ? saved.runId : null,
    };
  } catch {
    return null;
  }
}

export function saveSession(session: SavedSession): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(session));
  } catch {
    // Full or refused: keeping the session is a convenience, never worth an error.
  }
}

export function clearSession(): void {
  storage()?.removeItem(KEY);
}
