// Runs in: main process (plain Node). Runs a sweep's combinations through the ordinary training path, at most
// `concurrency` at once. Each combination leaves the pending list in the transaction that creates its run, so a
// crash can neither run a combination twice nor lose one.
import type { SeqlabEvent } from '../../../shared/api/seqlab-api';
import type { RunConfig } from '../../../shared/model/config';
import type { DatasetSummary } from '../../../shared/model/dataset';
import type { RunStatus, RunSummary } from '../../../shared/model/run';
import { rankRuns } from '../../../shared/model/run-ranking';
import { UserError } from '../../../shared/util/errors';
import type { SweepDetail, SweepSpec, SweepSummary } from '../../../shared/model/experiments';
import type { AsyncRunLog } from '../run-log/async-run-log';
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
  store: AsyncRunLog;
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

  constructor(private readonly deps: SweepDeps) {}

  /** At start-up: a sweep still 'running' whose driving process died is stopped, ready to resume. One driven by
   * another live process (a window, the CLI) is left alone, even between two of its runs. */
  async stopAbandoned(): Promise<void> {
    const sweeps = this.deps.store.sweeps;
    for (const id of await sweeps.idsWithStatus('running')) {
      if ((await sweeps.runs(id)).some((run) => run.status === 'running' || run.status === 'queued')) continue; // markInterruptedRuns already ended dead ones
      const owner = await sweeps.lastOwner(id);
      if (owner === undefined || owner === null || !ownerAlive(owner)) await sweeps.setStatus(id, 'stopped');
    }
  }

  async start(spec: SweepSpec): Promise<{ sweepId: number; notes: string[] }> {
    const summary = this.deps.datasets.loaded(spec.base.datasetId);
    if (!summary) throw new UserError('The sweep\'s dataset is not loaded in this session: import the CSV again, then start the sweep.');
    const base = { ...spec.base, datasetId: summary.id } as RunConfig;
    const { combinations, notes } = expandSweep(spec);
    sweepConfigs(base, combinations, (config) => this.deps.checkAgainstData(config, summary));
    const sweepId = await this.deps.store.sweeps.create({ ...spec, base }, combinations);
    this.drive(sweepId, { ...spec, base }, summary.id);
    return { sweepId, notes };
  }

  async stop(sweepId: number): Promise<void> {
    const record = await this.record(sweepId);
    const sweep = this.active.get(sweepId);
    if (!sweep) {
      if (record.status === 'running') throw new UserError(`Sweep ${sweepId} is running in another Seqlab process (a window or the CLI): stop it there.`);
      return;
    }
    sweep.stopping = true;
    await this.deps.store.sweeps.setStatus(sweepId, 'stopped');
    for (const runId of sweep.running) this.deps.stopRun(runId);
    this.changed(sweepId);
    // Through the queue: a launch in flight lands first (and is stopped), then the drained sweep lets go.
    this.fill(sweep);
  }

  async resume(sweepId: number): Promise<void> {
    const record = await this.record(sweepId);
    const sweep = this.active.get(sweepId);
    if (sweep) {
      if (!sweep.stopping) return;
      // Stopped, but its last runs are still winding down: carry on with the same driver.
      sweep.stopping = false;
      await this.deps.store.sweeps.setStatus(sweepId, 'running');
      this.changed(sweepId);
      this.fill(sweep);
      return;
    }
    if (record.status === 'running') throw new UserError(`Sweep ${sweepId} is already running in another Seqlab process.`);
    if (record.status === 'completed') return;
    const { store } = this.deps;
    const runs = await this.summaries(store, sweepId);
    const requeued = interruptedCombinations(variedParams(record.spec.values), runs, record.pending);
    if (record.pending.length + requeued.length === 0) {
      await store.sweeps.setStatus(sweepId, 'completed');
      this.changed(sweepId);
      return;
    }
    if (this.resuming.has(sweepId)) return;
    this.resuming.add(sweepId);
    try {
      const summary = await this.datasetFor(record);
      await store.batch(async (log) => {
        await log.sweeps.setPending(sweepId, [...requeued, ...record.pending]);
        await log.sweeps.setStatus(sweepId, 'running');
      });
      this.drive(sweepId, record.spec, summary.id);
    } finally {
      this.resuming.delete(sweepId);
    }
  }

  /** The app is quitting and its trainers are about to be killed: start nothing more, and queue the runs being cut
   * off again, so a resume later completes the sweep. Resolves once that is written. */
  async shutdown(): Promise<void> {
    const { store } = this.deps;
    const sweeps = [...this.active.values()];
    for (const sweep of sweeps) sweep.stopping = true;
    this.active.clear();
    for (const sweep of sweeps) {
      const params = variedParams(sweep.spec.values);
      await store.batch(async (log) => {
        const cutOff: Combination[] = [];
        for (const runId of sweep.running) cutOff.push(combinationOf((await log.getSummary(runId)).config, params));
        await log.sweeps.setPending(sweep.id, [...cutOff, ...((await log.sweeps.get(sweep.id))?.pending ?? [])]);
        await log.sweeps.setStatus(sweep.id, 'stopped');
      });
    }
  }

  /** Resolves once the sweep has no run training and starts no more (completed, or stopped and drained). */
  whenIdle(sweepId: number): Promise<void> {
    return this.active.get(sweepId)?.done ?? Promise.resolve();
  }

  async list(): Promise<SweepSummary[]> {
    const { sweeps } = this.deps.store;
    const out: SweepSummary[] = [];
    for (const record of await sweeps.list()) out.push(this.summarise(record, await sweeps.runs(record.id)));
    return out;
  }

  async get(sweepId: number): Promise<SweepDetail> {
    const record = await this.record(sweepId);
    const runs = await this.deps.store.readTransaction((log) => this.summaries(log, sweepId));
    return {
      ...this.summarise(record, runs),
      spec: record.spec,
      runs: rankRuns(runs),
      pendingCombinations: record.pending,
    };
  }

  private async record(sweepId: number): Promise<SweepRecord> {
    const record = await this.deps.store.sweeps.get(sweepId);
    if (!record) throw new UserError(`Sweep ${sweepId} is not in the run log at ${this.deps.store.path}.`);
    return record;
  }

  private async summaries(log: AsyncRunLog, sweepId: number): Promise<RunSummary[]> {
    const runs: RunSummary[] = [];
    for (const run of await log.sweeps.runs(sweepId)) runs.push(await log.getSummary(run.id));
    return runs;
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
    const firstRun = (await store.sweeps.runs(record.id))[0];
    if (!firstRun) {
      throw new UserError(`Sweep ${record.id}'s dataset is not loaded and none of its runs started: import the CSV again, then resume the sweep.`);
    }
    const { dataset: fingerprint, provenance } = await store.getSummary(firstRun.id);
    const paths = await store.sweeps.datasetPaths(fingerprint.sha256);
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
      const next = (await sweeps.get(sweep.id))?.pending[0];
      if (!next) break;
      const config = applyCombination({ ...sweep.spec.base, datasetId: sweep.datasetId } as RunConfig, next);
      let runId: number;
      try {
        ({ runId } = await this.deps.startTraining(config, {
          sweepId: sweep.id,
          onCreated: async (_, log) => {
            const pending = (await log.sweeps.get(sweep.id))?.pending ?? [];
            const index = pending.findIndex((p) => sameCombination(p, next));
            // Another driver took it since we read the list: throwing rolls the new run back, unlaunched.
            if (index < 0) throw new AlreadyTaken();
            pending.splice(index, 1);
            await log.sweeps.setPending(sweep.id, pending);
          },
        }));
      } catch (error) {
        if (error instanceof AlreadyTaken) continue;
        // The data went away or a trainer could not start: stop here, resumable, rather than fail every combination.
        console.error(`seqlab: sweep ${sweep.id} stopped: ${(error as Error).message}`);
        sweep.stopping = true;
        await sweeps.setStatus(sweep.id, 'stopped');
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
    if (!sweep.stopping && ((await sweeps.get(sweep.id))?.pending.length ?? 0) === 0) await sweeps.setStatus(sweep.id, 'completed');
    if (sweep.stopping || (await sweeps.get(sweep.id))?.status === 'completed') this.finish(sweep);
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
