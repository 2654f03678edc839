// Runs in: main process (plain Node). The experiments feature's API handlers: run again, sweeps, and a run as a
// portable bundle (export, import), and the window's backtests and setup searches.
import type { BacktestSpec, ForecastConfig } from '../../../shared/model/config';
import type { EvaluationJob } from '../../../shared/model/evaluation';
import type { RunBundle, SweepDetail, SweepSpec, SweepSummary } from '../../../shared/model/experiments';
import type { RunSummary } from '../../../shared/model/run';
import type { Handlers } from '../api/handlers';
import type { BackendContext } from '../context';
import { checkAgainstData } from '../datasets/check-against-data';
import { startRun } from '../training/start-run';
import { EvaluationJobs } from './evaluation-jobs';
import { rerun } from './rerun';
import { exportRun, importRun } from './run-bundle';
import { SweepRunner } from './sweep-runner';

/** Drives this process's sweeps through the ordinary training path. */
export function createSweepRunner(ctx: BackendContext): SweepRunner {
  return new SweepRunner({
    store: ctx.store,
    datasets: ctx.datasets,
    checkAgainstData,
    startTraining: async (config, origin) => startRun(ctx, config, origin),
    stopRun: (runId) => ctx.training.stop(runId),
    waitFor: (runId) => ctx.training.waitFor(runId),
    emit: (event) => ctx.events.emit(event),
  });
}

export function experimentHandlers(ctx: BackendContext, sweeps: SweepRunner) {
  const jobs = new EvaluationJobs(ctx);
  return {
    async rerun(runId: number): Promise<{ runId: number }> {
      return rerun({ store: ctx.store, datasets: ctx.datasets, startTraining: async (config, origin) => startRun(ctx, config, origin) }, runId);
    },

    async startSweep(spec: SweepSpec): Promise<{ sweepId: number }> {
      const { sweepId } = await sweeps.start(spec);
      return { sweepId };
    },

    async stopSweep(sweepId: number): Promise<void> {
      return sweeps.stop(sweepId);
    },

    async resumeSweep(sweepId: number): Promise<void> {
      return sweeps.resume(sweepId);
    },

    async listSweeps(): Promise<SweepSummary[]> {
      return sweeps.list();
    },

    async getSweep(sweepId: number): Promise<SweepDetail> {
      return sweeps.get(sweepId);
    },

    async exportRun(runId: number): Promise<RunBundle> {
      return exportRun(ctx.store, runId);
    },

    async importRun(bundle: RunBundle): Promise<RunSummary> {
      return importRun(ctx.store, bundle);
    },

    async startBacktest(config: ForecastConfig, spec: BacktestSpec): Promise<EvaluationJob> {
      return jobs.startBacktest(config, spec);
    },

    async startSuggest(config: ForecastConfig, options: { budgetSeconds: number }): Promise<EvaluationJob> {
      return jobs.startSuggest(config, options.budgetSeconds);
    },

    async stopJob(jobId: number): Promise<void> {
      jobs.stop(jobId);
    },

    async listJobs(): Promise<EvaluationJob[]> {
      return jobs.list();
    },
  } satisfies Partial<Handlers>;
}
