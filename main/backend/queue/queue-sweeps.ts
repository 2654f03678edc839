// Runs in: main process (plain Node). Sweeps the window sends to workers: the trials go into the shared log and the
// queue through queued-sweep.ts (job id = run id, so a second enqueue adds nothing); this process follows the queue's
// events and keeps each trial's last reported epoch for the sweep view; Stop and Resume are the queue's pause and
// resume. The queue is shared by every sweep on it: pausing it pauses them all, as `seqlab sweep --queue`'s Ctrl-C.
import { readFile } from 'node:fs/promises';
import type { SeqlabEvent } from '../../../shared/api/seqlab-api';
import type { SweepDetail, SweepSpec, SweepTrial } from '../../../shared/model/experiments';
import { UserError } from '../../../shared/util/errors';
import { redactSecrets } from '../../core/redact-url';
import type { DatasetRegistry } from '../datasets/dataset-registry';
import type { QueueConnection } from './queue-connection';
import { enqueueTrials, followSweep, setQueuePaused, submitSweep } from './queued-sweep';
import { checkQueueReachable, type TrialProgress } from './trial-queue';

/** Progress events come once per epoch per trial; the window hears of them at most this often per sweep. */
const UPDATE_EVERY_MS = 250;

interface Followed {
  stop: AbortController;
  /** The last epoch each trial reported (by run id). */
  progress: Map<number, TrialProgress>;
}

export interface QueueSweepsDeps {
  queue: QueueConnection;
  datasets: DatasetRegistry;
  emit(event: SeqlabEvent): void;
}

export class QueueSweeps {
  private readonly followed = new Map<number, Followed>();
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(private readonly deps: QueueSweepsDeps) {}

  get where(): string {
    return this.deps.queue.where;
  }

  /** Sweeps left running on workers (the app was closed while they ran) are followed again. */
  async followRunning(): Promise<void> {
    const { log } = this.deps.queue;
    for (const id of await log.sweeps.idsWithStatus('running')) {
      if ((await log.sweeps.get(id))?.spec.runOn === 'workers') this.follow(id);
    }
  }

  async owns(sweepId: number): Promise<boolean> {
    const { log } = this.deps.queue;
    return (await log.sweeps.get(sweepId))?.spec.runOn === 'workers';
  }

  async start(spec: SweepSpec): Promise<{ sweepId: number }> {
    const known = this.deps.datasets.get(spec.base.datasetId);
    if (!known) throw new UserError('The sweep\'s dataset is not loaded in this session: import the CSV again, then start the sweep.');
    const { log } = this.deps.queue;
    const submitted = await submitSweep(log, this.deps.queue.url, { ...spec, runOn: 'workers' }, {
      path: known.path,
      summary: known.summary,
      content: await readFile(known.path),
    });
    this.follow(submitted.sweepId);
    return { sweepId: submitted.sweepId };
  }

  /** Pauses the queue: workers finish the trials in hand and take no new one. The sweep is still followed, so the
   * trials in hand show their last epochs. */
  async stop(sweepId: number): Promise<void> {
    await checkQueueReachable(this.deps.queue.url);
    await setQueuePaused(this.deps.queue.url, true);
    await this.deps.queue.log.sweeps.setStatus(sweepId, 'stopped');
    this.changed(sweepId, true);
  }

  /** Queues the sweep's open trials again (those still queued stay as they are: same job ids; any lost with a
   * Redis restart come back) and resumes the queue. */
  async resume(sweepId: number): Promise<void> {
    const { url, log } = this.deps.queue;
    const open = (await log.sweeps.runs(sweepId)).filter((run) => run.status === 'queued' || run.status === 'running');
    await checkQueueReachable(url);
    if (open.length > 0) {
      const sha256 = (await log.getSummary(open[0].id)).dataset.sha256;
      await enqueueTrials(url, open.map((run) => ({ runId: run.id, sweepId, sha256 })));
    }
    await setQueuePaused(url, false);
    await log.sweeps.setStatus(sweepId, 'running');
    this.follow(sweepId);
    this.changed(sweepId, true);
  }

  /** The sweep view's detail with each trial's worker and last reported epoch. */
  async withTrials(detail: SweepDetail): Promise<SweepDetail> {
    const { log } = this.deps.queue;
    const progress = this.followed.get(detail.id)?.progress;
    const trials: SweepTrial[] = [];
    for (const run of detail.runs) {
      const executions = await log.executions(run.id);
      const live = progress?.get(run.id);
      trials.push({
        runId: run.id,
        worker: executions.at(-1)?.worker ?? live?.worker ?? null,
        executions: executions.length,
        epoch: live?.epoch ?? (run.epochsRun > 0 ? run.epochsRun : null),
        epochs: run.config.epochs,
        loss: live?.loss ?? null,
        valLoss: live?.valLoss ?? null,
      });
    }
    return { ...detail, trials };
  }

  shutdown(): void {
    for (const followed of this.followed.values()) followed.stop.abort();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Follows the sweep until every trial is final in the log (then the log marks it completed). */
  private follow(sweepId: number): void {
    if (this.followed.has(sweepId)) return;
    const followed: Followed = { stop: new AbortController(), progress: new Map() };
    this.followed.set(sweepId, followed);
    const { log, url } = this.deps.queue;
    followSweep(log, url, sweepId, {
      onProgress: (progress) => {
        followed.progress.set(progress.runId, progress);
        this.changed(sweepId);
      },
      onFinished: (runId, status) => {
        // The runs table hears of a worker's run as of one trained here (its error, if any, is in the log).
        this.deps.emit({ type: 'run-finished', runId, status, error: null });
        this.changed(sweepId);
      },
      onQueueNote: (line) => console.error(`seqlab: sweep ${sweepId}: ${line}`),
    }, followed.stop.signal)
      .catch((error: unknown) => console.error(`seqlab: sweep ${sweepId}: ${redactSecrets((error as Error).message)}`))
      .finally(() => {
        if (this.followed.get(sweepId) === followed) this.followed.delete(sweepId);
        this.changed(sweepId, true);
      });
  }

  /** Tells the window, at most every UPDATE_EVERY_MS per sweep (at once when `now`). */
  private changed(sweepId: number, now = false): void {
    const pending = this.timers.get(sweepId);
    if (now) {
      if (pending) clearTimeout(pending);
      this.timers.delete(sweepId);
      this.deps.emit({ type: 'sweep-updated', sweepId });
      return;
    }
    if (pending) return;
    this.timers.set(sweepId, setTimeout(() => {
      this.timers.delete(sweepId);
      this.deps.emit({ type: 'sweep-updated', sweepId });
    }, UPDATE_EVERY_MS));
  }
}
