// Runs in: main process (plain Node). The window's backtests and "Suggest a setup" searches: each starts at once in
// the background (the API call answers with the job), reports every fold or run over the event stream as a
// 'job-updated' event, and stops on request. The engines are the CLI's (backtest.ts, suggest.ts).
import type { SeqlabEvent } from '../../../shared/api/seqlab-api';
import type { BacktestSpec, ForecastConfig } from '../../../shared/model/config';
import { describeSetup, type BacktestJob, type EvaluationJob, type JobStatus, type SuggestJob } from '../../../shared/model/evaluation';
import type { BaselineName } from '../../../shared/model/metrics';
import { isUserError, UserError } from '../../../shared/util/errors';
import { backtestFolds } from '../../core/forecast/backtest-folds';
import { MIN_TRAIN_WINDOWS } from '../../core/forecast/prepare-data';
import type { BackendContext } from '../context';
import { checkConfigAgainstData } from '../datasets/check-against-data';
import { runBacktest } from './backtest';
import { suggestSetup } from './suggest';

/** Runs training at once during a search: the machine's two cores. */
const SUGGEST_CONCURRENCY = 2;
/** Finished jobs kept for a window that reloads (it shows the last of each kind); older ones are forgotten. */
const FINISHED_KEPT = 10;

interface Entry {
  job: EvaluationJob;
  stopping: boolean;
  /** Runs of the job training now: Stop stops them. */
  running: Set<number>;
}

/** An engine's fault as the window shows it: a user's mistake as it is, anything else named as unexpected. */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return isUserError(error) ? message : `Unexpected error: ${message}`;
}

export class EvaluationJobs {
  private readonly jobs = new Map<number, Entry>();
  private nextId = 1;

  constructor(private readonly ctx: Pick<BackendContext, 'store' | 'training' | 'datasets' | 'events'>) {}

  /** Checks the settings against the data and the fold layout (so a mistake is the call's answer), then starts. */
  startBacktest(config: ForecastConfig, spec: BacktestSpec): BacktestJob {
    const dataset = this.ctx.datasets.require(config.datasetId, 'import the CSV again, then press Backtest');
    checkConfigAgainstData(config, dataset.summary);
    try {
      backtestFolds(dataset.summary.rowsUsed, config.split, spec, config.window + config.horizon + MIN_TRAIN_WINDOWS);
    } catch (error) {
      // The engine's advice names the CLI's flag; the window's fix is the Split fields.
      if (isUserError(error)) throw new UserError(error.message.replace(/ with --split \(e\.g\. 0\.8,0\.1 makes/, ' in Split (e.g. train 0.8, validation 0.1 makes'));
      throw error;
    }
    const job: BacktestJob = {
      kind: 'backtest',
      jobId: this.nextId++,
      status: 'running',
      updates: 0,
      error: null,
      spec,
      fold: 0,
      folds: spec.folds,
      runId: null,
      parentRunId: null,
      result: null,
      seconds: null,
    };
    const entry = this.add(job);
    void runBacktest({ store: this.ctx.store, training: this.ctx.training }, dataset, config, spec, {
      onFold: ({ fold, runId, status }) => {
        if (status === undefined) entry.running.add(runId);
        else entry.running.delete(runId);
        this.update(entry, { fold, runId });
      },
      shouldStop: () => entry.stopping,
    }).then(
      (result) => {
        const status: JobStatus = result.status === 'completed' ? 'completed' : result.status === 'stopped' || entry.stopping ? 'stopped' : 'failed';
        const error = status === 'failed' ? 'A fold of the backtest failed: open its run in the runs table to see why.' : null;
        this.update(entry, { status, error, parentRunId: result.parentRunId, result: result.backtest, seconds: result.seconds, runId: null });
      },
      (error: unknown) => this.update(entry, { status: 'failed', error: messageOf(error), runId: null }),
    );
    // The first fold may have reported already: answer with the latest.
    return entry.job as BacktestJob;
  }

  /** Starts "Suggest a setup" from these settings with a budget in seconds. */
  startSuggest(config: ForecastConfig, budgetSeconds: number): SuggestJob {
    const dataset = this.ctx.datasets.require(config.datasetId, 'import the CSV again, then press Suggest a setup');
    checkConfigAgainstData(config, dataset.summary);
    const job: SuggestJob = {
      kind: 'suggest',
      jobId: this.nextId++,
      status: 'running',
      updates: 0,
      error: null,
      budgetSeconds,
      tried: 0,
      training: 0,
      rung: 1,
      leader: null,
      startedAt: Date.now(),
      result: null,
    };
    const entry = this.add(job);
    void suggestSetup({ store: this.ctx.store, training: this.ctx.training }, dataset, config, {
      budgetMinutes: budgetSeconds / 60,
      seed: config.seed,
      concurrency: SUGGEST_CONCURRENCY,
      shouldStop: () => entry.stopping,
      onRun: ({ runId, rung, candidate, status, validationMae }) => {
        const now = entry.job as SuggestJob;
        if (status === undefined) {
          entry.running.add(runId);
          this.update(entry, { rung, training: entry.running.size });
          return;
        }
        entry.running.delete(runId);
        const better = validationMae !== null && validationMae !== undefined && Number.isFinite(validationMae) && (now.leader === null || validationMae < now.leader.validationMae);
        this.update(entry, {
          tried: now.tried + 1,
          training: entry.running.size,
          leader: better ? { runId, setup: describeSetup(candidate), validationMae } : now.leader,
        });
      },
    }).then(
      (result) => {
        const best = result.best;
        this.update(entry, {
          status: entry.stopping ? 'stopped' : best ? 'completed' : 'failed',
          error: best ? null : result.verdict,
          training: 0,
          result: {
            sweepId: result.sweepId,
            best: best ? { runId: best.runId, config: best.config, setup: describeSetup(best.config), metrics: best.metrics } : null,
            bestBaseline: result.bestBaseline ? { name: result.bestBaseline.name as BaselineName, mae: result.bestBaseline.mae } : null,
            beatsBaseline: result.beatsBaseline,
            verdict: result.verdict,
            tried: result.tried.length,
            seconds: result.seconds,
          },
        });
        // The search is logged as a sweep: the Sweeps view lists it now.
        this.emit({ type: 'sweep-updated', sweepId: result.sweepId });
      },
      (error: unknown) => this.update(entry, { status: 'failed', error: messageOf(error), training: 0 }),
    );
    return entry.job as SuggestJob;
  }

  /** Stops the job's runs in flight and starts no more; the job then reports what finished. */
  stop(jobId: number): void {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new UserError(`There is no backtest or search ${jobId} in this session.`);
    if (entry.job.status !== 'running') return;
    entry.stopping = true;
    for (const runId of entry.running) this.ctx.training.stop(runId);
  }

  /** The jobs in flight and the last few finished, oldest first: a window that reloads shows them again. */
  list(): EvaluationJob[] {
    return [...this.jobs.values()].map((entry) => entry.job);
  }

  private add(job: EvaluationJob): Entry {
    const entry: Entry = { job, stopping: false, running: new Set() };
    this.jobs.set(job.jobId, entry);
    this.forgetOldFinished();
    return entry;
  }

  /** Keeps memory bounded in a long session: only the newest FINISHED_KEPT finished jobs stay listed. */
  private forgetOldFinished(): void {
    const finished = [...this.jobs.values()].filter((entry) => entry.job.status !== 'running');
    for (const entry of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT))) this.jobs.delete(entry.job.jobId);
  }

  private update(entry: Entry, patch: Partial<BacktestJob> | Partial<SuggestJob>): void {
    entry.job = { ...entry.job, ...patch, updates: entry.job.updates + 1 } as EvaluationJob;
    this.emit({ type: 'job-updated', job: entry.job });
  }

  private emit(event: SeqlabEvent): void {
    this.ctx.events.emit(event);
  }
}
