// Runs in: main process (plain Node). Runs a sweep's combinations through the ordinary training path, at most
// `concurrency` at once. Each combination leaves the pending list in the transaction that creates its run, so a
// crash can neither run a combination twice nor lose one.
import type { SeqlabEvent } from '../../../shared/api/seqlab-api';
import type { RunConfig } from '../../../shared/model/config';
import type { DatasetSummary } from '../../../shared/model/dataset';
import type { RunStatus } from '../../../shared/model/run';
import { rankRuns } from '../../../shared/model/run-ranking';
import { UserError } from '../../../shared/util/errors';
import type { SweepDetail, SweepSpec, SweepSummary } from '../../../shared/model/experiments';
import type { RunLog } from '../run-log/run-log';
import { ownerAlive } from '../run-log/owner-process';
import type { RunHooks } from '../training/training-manager';
import { findDataset, type DatasetSource } from './find-dataset';
import {
  applyCombination,
  combinationOf,
  expandSweep,
  interruptedCombinations,
  plannedCount,
  sweepConfigs,
  variedParams,
  type Combination,
} from './sweep-expand';
import type { SweepRecord } from '../run-log/run-log';

export interface SweepDeps {
  store: RunLog;
  datasets: DatasetSource;
  /** Checks that need the data (columns, window against rows); throws a UserError. */
  checkAgainstData(config: RunConfig, summary: DatasetSummary): void;
  startTraining(config: RunConfig, origin: RunHooks & { sweepId: number }): Promise<{ runId: number }>;
  stopRun(runId: number): void;
  waitFor(runId: number): Promise<RunStatus> | undefined;
  emit(event: SeqlabEvent): void;
}

/** A sweep this process is driving. */
interface ActiveSweep {
  id: number;
  spec: SweepSpec;
  datasetId: string;
  running: Set<number>;
  stopping: boolean;
  /** Launches one after another, so two finishing runs never take the same pending combination. */
  queue: Promise<void>;
  done: Promise<void>;
  settle(): void;
}

const sameCombination = (a: Combination, b: Combination) => JSON.stringify(a) === JSON.stringify(b);

class AlreadyTaken extends Error {}

export class SweepRunner {
  private readonly active = new Map<number, ActiveSweep>();
  /** Sweeps whose resume is finding their data: a second click must not start a second driver. */
  private readonly resuming = new Set<number>();

  constructor(private readonly deps: SweepDeps) {
    this.stopAbandoned();
  }

  /** At start-up: a sweep still 'running' whose driving process died is stopped, ready to resume. One driven by
   * another live process (a window, the CLI) is left alone, even between two of its runs. */
  private stopAbandoned(): void {
    const sweeps = this.deps.store.sweeps;
    for (const id of sweeps.idsWithStatus('running')) {
      if (sweeps.runs(id).some((run) => run.status === 'running' || run.status === 'queued')) continue; // markInterruptedRuns already ended dead ones
      const owner = sweeps.lastOwner(id);
      if (owner === undefined || owner === null || !ownerAlive(owner)) sweeps.setStatus(id, 'stopped');
    }
  }

  async start(spec: SweepSpec): Promise<{ sweepId: number; notes: string[] }> {
    const summary = this.deps.datasets.loaded(spec.base.datasetId);
    if (!summary) throw new UserError('The sweep\'s dataset is not loaded in this session: import the CSV again, then start the sweep.');
    const base = { ...spec.base, datasetId: summary.id } as RunConfig;
    const { combinations, notes } = expandSweep(spec);
    sweepConfigs(base, combinations, (config) => this.deps.checkAgainstData(config, summary));
    const sweepId = this.deps.store.sweeps.create({ ...spec, base }, combinations);
    this.drive(sweepId, { ...spec, base }, summary.id);
    return { sweepId, notes };
  }

  async stop(sweepId: number): Promise<void> {
    const record = this.record(sweepId);
    const sweep = this.active.get(sweepId);
    if (!sweep) {
      if (record.status === 'running') throw new UserError(`Sweep ${sweepId} is running in another Seqlab process (a window or the CLI): stop it there.`);
      return;
    }
    sweep.stopping = true;
    this.deps.store.sweeps.setStatus(sweepId, 'stopped');
    for (const runId of sweep.running) this.deps.stopRun(runId);
    this.changed(sweepId);
    // Through the queue: a launch in flight lands first (and is stopped), then the drained sweep lets go.
    this.fill(sweep);
  }

  async resume(sweepId: number): Promise<void> {
    const record = this.record(sweepId);
    const sweep = this.active.get(sweepId);
    if (sweep) {
      if (!sweep.stopping) return;
      // Stopped, but its last runs are still winding down: carry on with the same driver.
      sweep.stopping = false;
      this.deps.store.sweeps.setStatus(sweepId, 'running');
      this.changed(sweepId);
      this.fill(sweep);
      return;
    }
    if (record.status === 'running') throw new UserError(`Sweep ${sweepId} is already running in another Seqlab process.`);
    if (record.status === 'completed') return;
    const { store } = this.deps;
    const runs = store.sweeps.runs(sweepId).map((run) => store.getSummary(run.id));
    const requeued = interruptedCombinations(variedParams(record.spec.values), runs, record.pending);
    if (record.pending.length + requeued.length === 0) {
      store.sweeps.setStatus(sweepId, 'completed');
      this.changed(sweepId);
      return;
    }
    if (this.resuming.has(sweepId)) return;
    this.resuming.add(sweepId);
    try {
      const summary = await this.datasetFor(record);
      store.batch(() => {
        store.sweeps.setPending(sweepId, [...requeued, ...record.pending]);
        store.sweeps.setStatus(sweepId, 'running');
      });
      this.drive(sweepId, record.spec, summary.id);
    } finally {
      this.resuming.delete(sweepId);
    }
  }

  /** The app is quitting and its trainers are about to be killed: start nothing more, and queue the runs being cut
   * off again, so a resume later completes the sweep. */
  shutdown(): void {
    const { store } = this.deps;
    for (const sweep of this.active.values()) {
      sweep.stopping = true;
      const params = variedParams(sweep.spec.values);
      store.batch(() => {
        const cutOff = [...sweep.running].map((runId) => combinationOf(store.getSummary(runId).config, params));
        store.sweeps.setPending(sweep.id, [...cutOff, ...(store.sweeps.get(sweep.id)?.pending ?? [])]);
        store.sweeps.setStatus(sweep.id, 'stopped');
      });
    }
    this.active.clear();
  }

  /** Resolves once the sweep has no run training and starts no more (completed, or stopped and drained). */
  whenIdle(sweepId: number): Promise<void> {
    return this.active.get(sweepId)?.done ?? Promise.resolve();
  }

  list(): SweepSummary[] {
    return this.deps.store.sweeps.list().map((record) => this.summarise(record, this.deps.store.sweeps.runs(record.id)));
  }

  get(sweepId: number): SweepDetail {
    const record = this.record(sweepId);
    const { store } = this.deps;
    const runs = store.readTransaction(() => store.sweeps.runs(sweepId).map((run) => store.getSummary(run.id)));
    return {
      ...this.summarise(record, runs),
      spec: record.spec,
      runs: rankRuns(runs),
      pendingCombinations: record.pending,
    };
  }

  private record(sweepId: number): SweepRecord {
    const record = this.deps.store.sweeps.get(sweepId);
    if (!record) throw new UserError(`Sweep ${sweepId} is not in the run log at ${this.deps.store.path}.`);
    return record;
  }

  private summarise(record: SweepRecord, runs: { status: RunStatus }[]): SweepSummary {
    // A queued run counts as running: it is the sweep's, started, and will train.
    const running = runs.filter((run) => run.status === 'running' || run.status === 'queued').length;
    return {
      id: record.id,
      name: record.name,
      createdAt: record.createdAt,
      status: record.status,
      mode: record.spec.mode,
      concurrency: record.spec.concurrency,
      total: plannedCount(record.spec),
      finished: runs.length - running,
      running,
      pending: record.pending.length,
      params: variedParams(record.spec.values),
    };
  }

  /** The data a stopped sweep trained on: loaded, or re-imported from where its runs found it. */
  private async datasetFor(record: SweepRecord): Promise<DatasetSummary> {
    const { store } = this.deps;
    const loaded = this.deps.datasets.loaded(record.spec.base.datasetId);
    if (loaded) return loaded;
    const firstRun = store.sweeps.runs(record.id)[0];
    if (!firstRun) {
      throw new UserError(`Sweep ${record.id}'s dataset is not loaded and none of its runs started: import the CSV again, then resume the sweep.`);
    }
    const { dataset: fingerprint, provenance } = store.getSummary(firstRun.id);
    const paths = store.sweeps.datasetPaths(fingerprint.sha256);
    return findDataset(this.deps.datasets, fingerprint, paths, 'then resume the sweep', provenance?.importOptions);
  }

  private drive(sweepId: number, spec: SweepSpec, datasetId: string): void {
    let settle = () => {};
    const done = new Promise<void>((resolve) => (settle = resolve));
    const sweep: ActiveSweep = { id: sweepId, spec, datasetId, running: new Set(), stopping: false, queue: Promise.resolve(), done, settle };
    this.active.set(sweepId, sweep);
    this.changed(sweepId);
    this.fill(sweep);
  }

  private fill(sweep: ActiveSweep): void {
    sweep.queue = sweep.queue
      .then(() => this.launchWhileRoom(sweep))
      .catch((error: unknown) => console.error(`seqlab: sweep ${sweep.id}: ${(error as Error).message}`));
  }

  private async launchWhileRoom(sweep: ActiveSweep): Promise<void> {
    const sweeps = this.deps.store.sweeps;
    while (!sweep.stopping && sweep.running.size < sweep.spec.concurrency) {
      const next = sweeps.get(sweep.id)?.pending[0];
      if (!next) break;
      const config = applyCombination({ ...sweep.spec.base, datasetId: sweep.datasetId } as RunConfig, next);
      let runId: number;
      try {
        ({ runId } = await this.deps.startTraining(config, {
          sweepId: sweep.id,
          onCreated: () => {
            const pending = sweeps.get(sweep.id)?.pending ?? [];
            const index = pending.findIndex((p) => sameCombination(p, next));
            // Another driver took it since we read the list: throwing rolls the new run back, unlaunched.
            if (index < 0) throw new AlreadyTaken();
            pending.splice(index, 1);
            sweeps.setPending(sweep.id, pending);
          },
        }));
      } catch (error) {
        if (error instanceof AlreadyTaken) continue;
        // The data went away or a trainer could not start: stop here, resumable, rather than fail every combination.
        console.error(`seqlab: sweep ${sweep.id} stopped: ${(error as Error).message}`);
        sweep.stopping = true;
        sweeps.setStatus(sweep.id, 'stopped');
        break;
      }
      sweep.running.add(runId);
      if (sweep.stopping) this.deps.stopRun(runId); // stop() came while this one was starting
      this.changed(sweep.id);
      const finished = this.deps.waitFor(runId) ?? Promise.resolve();
      void finished.then(() => {
        sweep.running.delete(runId);
        this.changed(sweep.id);
        this.fill(sweep);
      });
    }
    if (sweep.running.size > 0) return;
    if (!sweep.stopping && (sweeps.get(sweep.id)?.pending.length ?? 0) === 0) sweeps.setStatus(sweep.id, 'completed');
    if (sweep.stopping || sweeps.get(sweep.id)?.status === 'completed') this.finish(sweep);
  }

  private finish(sweep: ActiveSweep): void {
    if (this.active.get(sweep.id) !== sweep) return;
    this.active.delete(sweep.id);
    this.changed(sweep.id);
    sweep.settle();
  }

  private changed(sweepId: number): void {
    this.deps.emit({ type: 'sweep-updated', sweepId });
  }
}
