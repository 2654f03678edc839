// Runs in: renderer. Everything the UI knows about one run: live progress from events, then its stored detail.
import type { SeqlabEvent } from '../../shared/api/seqlab-api';
import type { EpochMetrics } from '../../shared/model/metrics';
import type { RunDetail, RunStatus } from '../../shared/model/run';
import type { BatchProgress } from '../ui/status-text';

export class RunView {
  readonly runId: number;
  status = $state<RunStatus>('running');
  /** Training waits between batches until resumed (the run is still 'running'). */
  paused = $state(false);
  backend = $state<string | null>(null);
  error = $state<string | null>(null);
  /** Replaced, never mutated, so charts can take the array as is. */
  epochs = $state.raw<EpochMetrics[]>([]);
  progress = $state.raw<BatchProgress | null>(null);
  totalEpochs = $state<number | null>(null);
  /** The stored run (config, metrics, predictions); raw because predictions can hold many thousands of points. */
  detail = $state.raw<RunDetail | null>(null);
  loadError = $state<string | null>(null);

  constructor(runId: number) {
    this.runId = runId;
  }

  apply(event: SeqlabEvent): void {
    switch (event.type) {
      case 'run-queued':
        this.status = 'queued';
        break;
      case 'run-started':
        this.status = 'running';
        this.backend = event.backend;
        break;
      case 'run-progress':
        this.progress = { epoch: event.epoch, batch: event.batch, batches: event.batches };
        break;
      case 'run-epoch': {
        const others = this.epochs.filter((epoch) => epoch.epoch !== event.epoch.epoch);
        this.epochs = [...others, event.epoch].sort((a, b) => a.epoch - b.epoch);
        break;
      }
      case 'run-paused':
        this.paused = event.paused;
        break;
      case 'run-finished':
        this.paused = false;
        this.status = event.status;
        this.error = event.error;
        break;
      case 'import-progress':
        break;
    }
  }

  applyDetail(detail: RunDetail): void {
    this.detail = detail;
    this.totalEpochs = detail.config.epochs;
    this.backend = detail.backend ?? this.backend;
    // A finish event may have overtaken the fetch of a running run; never step back to 'running'.
    if (!(detail.status === 'running' && this.status !== 'running')) {
      this.status = detail.status;
      this.error = detail.error;
    }
    if (detail.epochs.length >= this.epochs.length) this.epochs = detail.epochs;
    // A window opened (or reloaded) during the run has had no progress event yet, and a paused run sends none: the
    // epoch under way is the one after the last stored, rather than "starting".
    const last = this.epochs.at(-1)?.epoch;
    if (this.status === 'running' && this.progress === null && last !== undefined) {
      this.progress = { epoch: Math.min(last + 1, this.totalEpochs ?? last + 1), batch: 0, batches: 0 };
    }
  }
}
