// Runs in: renderer. A run's status in words: the one-line status read by screen readers and tests alike, and the
// short labels tables use.
import type { RunStatus } from '../../shared/model/run';

/** Where a running run is: the epoch, and the batch within it. */
export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
}

export interface RunStatusSource {
  runId: number;
  status: RunStatus;
  backend: string | null;
  error: string | null;
  progress: BatchProgress | null;
  totalEpochs: number | null;
  /** Optional so that sources made before pause existed stay valid. */
  paused?: boolean;
}

/**
 * While running: "Run 3 · epoch 4/10 · batch 120/700 · wasm"; paused: "Run 3 · Paused · epoch 4/10 · ...".
 * Once over, the text ends with the outcome: "Run 3 (wasm): Completed", "…: Stopped", "…: Failed: <reason>".
 */
export function runStatusText(run: RunStatusSource | null, starting: boolean): string {
  if (!run) return starting ? 'Starting run…' : 'No run yet';
  // More runs were started than trainers may run at once: this one starts when another ends.
  if (run.status === 'queued') return `Run ${run.runId} · Queued`;
  if (run.status === 'running') {
    const parts = [`Run ${run.runId}`];
    if (run.paused) parts.push('Paused');
    const progress = run.progress;
    if (progress) {
      parts.push(`epoch ${progress.epoch}/${run.totalEpochs ?? '?'}`);
      if (progress.batches > 0) parts.push(`batch ${progress.batch}/${progress.batches}`);
    } else {
      parts.push('starting');
    }
    if (run.backend) parts.push(run.backend);
    return parts.join(' · ');
  }
  const head = run.backend ? `Run ${run.runId} (${run.backend})` : `Run ${run.runId}`;
  return `${head}: ${outcome(run.status, run.error)}`;
}

export function outcome(status: RunStatus, error: string | null): string {
  switch (status) {
    case 'completed':
      return 'Completed';
    case 'stopped':
      return 'Stopped';
    case 'failed':
      return `Failed: ${error ?? 'no reason was recorded'}`;
    case 'interrupted':
      return 'Interrupted (the app closed during training)';
    case 'running':
      return 'Running';
    case 'queued':
      return 'Queued';
  }
}

/** Short status words for tables. */
export const STATUS_LABELS: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed',
  stopped: 'Stopped',
  failed: 'Failed',
  interrupted: 'Interrupted',
};
