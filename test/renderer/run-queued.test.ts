// Runs in: vitest (jsdom). A run waiting for a free trainer reads "Queued" (issue 12, item 13): in the status line,
// in the runs table's status words, and in a run's live view until its trainer starts.
import { describe, expect, it } from 'vitest';
import { STATUS_LABELS, runStatusText } from '../../renderer/ui/status-text';
import { RunView } from '../../renderer/runs/run-view.svelte';

describe('a queued run', () => {
  it('reads Queued in the status line and the table', () => {
    const queued = { runId: 4, status: 'queued' as const, backend: null, error: null, progress: null, totalEpochs: 10 };
    expect(runStatusText(queued, false)).toBe('Run 4 · Queued');
    expect(STATUS_LABELS.queued).toBe('Queued');
  });

  it('is queued in its live view from the run-queued event until its trainer starts', () => {
    const view = new RunView(4);
    view.apply({ type: 'run-queued', runId: 4, position: 1 });
    expect(view.status).toBe('queued');
    view.apply({ type: 'run-started', runId: 4, backend: 'wasm' });
    expect(view.status).toBe('running');
  });
});
