// Runs in: renderer and main (types only). The one contract between the UI and the backend: events and the
// SeqlabApi that Electron's preload and the browser mode's WebSocket client both implement, derived from methods.ts.
import type { EvaluationJob } from '../model/evaluation';
import type { EpochMetrics } from '../model/metrics';
import type { RunStatus } from '../model/run';
import type { ResultOf, SharedMethodName, WireMethods } from './methods';

export type SeqlabEvent =
  | { type: 'import-progress'; fileName: string; fraction: number }
  /** The run waits for a free trainer; `position` in the queue, 1 = next. */
  | { type: 'run-queued'; runId: number; position: number }
  | { type: 'run-started'; runId: number; backend: string }
  | { type: 'run-progress'; runId: number; epoch: number; batch: number; batches: number }
  | { type: 'run-epoch'; runId: number; epoch: EpochMetrics }
  | { type: 'run-finished'; runId: number; status: RunStatus; error: string | null }
  | { type: 'run-paused'; runId: number; paused: boolean }
  | { type: 'sweep-updated'; sweepId: number }
  /** A backtest or "Suggest a setup" started from the window moved on (the whole job's state, not a diff). */
  | { type: 'job-updated'; job: EvaluationJob };

/** What the renderer may call: the table's methods both hosts offer, plus what each client does itself.
 * Every method validates its arguments in main. */
export interface SeqlabApi extends Pick<WireMethods, SharedMethodName> {
  /** Import a CSV the user dropped or picked. Electron sends its path (importPath); the browser uploads it (importUpload). */
  importFile(file: File): Promise<ResultOf<'importPath'>>;
  /** Subscribe to progress events; returns an unsubscribe function. */
  onEvent(listener: (event: SeqlabEvent) => void): () => void;
}

/** Error shape that crosses the IPC / WebSocket boundary: a message meant for the user. */
export interface ApiErrorPayload {
  message: string;
}
