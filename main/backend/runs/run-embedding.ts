// Runs in: main process (plain Node). The embedding snapshot a text run saved for the projector (see the trainer's
// save-text-run.ts), read back from the run's folder.
import { existsSync, readFileSync } from 'node:fs';
import type { EmbeddingSnapshot } from '../../../shared/model/inference';
import { embeddingPath } from '../../core/run-files';

/** null when the run saved none (a forecast run, an older run, or a save that failed). */
export function readEmbedding(runDir: string): EmbeddingSnapshot | null {
  const path = embeddingPath(runDir);
  if (!existsSync(path)) return null;
  try {
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as EmbeddingSnapshot;
    return Array.isArray(snapshot.words) && Array.isArray(snapshot.before) && Array.isArray(snapshot.after) ? snapshot : null;
  } catch {
    // A damaged file shows as "no snapshot" rather than breaking the run's page.
    return null;
  }
}
