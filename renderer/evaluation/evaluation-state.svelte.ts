// Runs in: renderer. The window's backtest and "Suggest a setup": their settings, the job each has running or last
// ran (kept up to date from 'job-updated' events), start and stop, and the errors they got back.
import { createContext } from 'svelte';
import type { SeqlabApi, SeqlabEvent } from '../../shared/api/seqlab-api';
import type { BacktestSpec, ForecastConfig } from '../../shared/model/config';
import { isNewerJob, SUGGEST_BUDGET_SECONDS, type BacktestJob, type EvaluationJob, type SuggestJob } from '../../shared/model/evaluation';
import { errorText } from '../ui/error-text';

export type JobKind = EvaluationJob['kind'];

export interface EvaluationHooks {
  /** A job ended: the runs table (a backtest's parent run) and the Sweeps view (a search's sweep) reload. */
  onFinished(job: EvaluationJob): void;
}

export class EvaluationState {
  readonly #api: SeqlabApi;
  readonly #hooks: EvaluationHooks;
  folds = $state<number | null | undefined>(5);
  mode = $state<BacktestSpec['mode']>('expanding');
  /** Minutes; a fraction is fine (0.2 = 12 seconds). */
  budgetMinutes = $state<number | null | undefined>(SUGGEST_BUDGET_SECONDS.default / 60);
  backtest = $state.raw<BacktestJob | null>(null);
  suggest = $state.raw<SuggestJob | null>(null);
  /** What a start or stop got back, per kind, shown by its button. */
  errors = $state<Record<JobKind, string | null>>({ backtest: null, suggest: null });
  starting = $state<JobKind | null>(null);

  constructor(api: SeqlabApi, hooks: EvaluationHooks) {
    this.#api = api;
    this.#hooks = hooks;
  }

  running(kind: JobKind): boolean {
    return this.starting === kind || (kind === 'backtest' ? this.backtest : this.suggest)?.status === 'running';
  }

  /** Backtests the form's settings; true when main accepted them. */
  async startBacktest(config: ForecastConfig): Promise<boolean> {
    const folds = this.folds;
    if (folds === null || folds === undefined || !Number.isInteger(folds) || folds < 2 || folds > 50) {
      this.errors.backtest = 'Folds must be a whole number from 2 to 50.';
      return false;
    }
    return this.#start('backtest', () => this.#api.startBacktest(config, { folds, mode: this.mode }));
  }

  /** Searches for a setup from the form's settings within the budget; true when main accepted it. */
  async startSuggest(config: ForecastConfig): Promise<boolean> {
    const minutes = this.budgetMinutes;
    const seconds = minutes === null || minutes === undefined ? NaN : Math.round(minutes * 60);
    if (!(seconds >= SUGGEST_BUDGET_SECONDS.min && seconds <= SUGGEST_BUDGET_SECONDS.max)) {
      this.errors.suggest = `The budget must be from ${SUGGEST_BUDGET_SECONDS.min} seconds (${(SUGGEST_BUDGET_SECONDS.min / 60).toFixed(2)} minutes) to 24 hours.`;
      return false;
    }
    return this.#start('suggest', () => this.#api.startSuggest(config, { budgetSeconds: seconds }));
  }

  async stop(kind: JobKind): Promise<void> {
    const job = kind === 'backtest' ? this.backtest : this.suggest;
    if (!job || job.status !== 'running') return;
    try {
      await this.#api.stopJob(job.jobId);
    } catch (error) {
      this.errors[kind] = errorText(error);
    }
  }

  /**
   * After a reload (or a lost connection coming back): the newest backtest and search main holds, running or finished,
   * so the panels show their progress, Stop, or the result again. A finished one found here ended unseen, so the runs
   * table and Sweeps view reload too. A failure leaves the panels as they are: there is nothing to fix by hand.
   */
  async restore(): Promise<void> {
    let jobs: EvaluationJob[];
    try {
      jobs = await this.#api.listJobs();
    } catch {
      return;
    }
    // Only the newest of each kind is shown, so an older finished one does not reload the tables for nothing.
    for (const kind of ['backtest', 'suggest'] as const) {
      const newest = jobs.findLast((job) => job.kind === kind);
      if (newest) this.#take(newest);
    }
  }

  handle(event: SeqlabEvent): void {
    if (event.type === 'job-updated') this.#take(event.job);
  }

  async #start(kind: JobKind, call: () => Promise<EvaluationJob>): Promise<boolean> {
    this.starting = kind;
    this.errors[kind] = null;
    try {
      this.#take(await call());
      return true;
    } catch (error) {
      this.errors[kind] = errorText(error);
      return false;
    } finally {
      this.starting = null;
    }
  }

  /** Keeps the newest news of each kind (an event may come before or after the start call's answer). */
  #take(job: EvaluationJob): void {
    const current = job.kind === 'backtest' ? this.backtest : this.suggest;
    if (!isNewerJob(job, current)) return;
    const ended = job.status !== 'running' && (current?.jobId !== job.jobId || current.status === 'running');
    if (job.kind === 'backtest') this.backtest = job;
    else this.suggest = job;
    if (ended) this.#hooks.onFinished(job);
  }
}

export const [getEvaluationState, setEvaluationState] = createContext<EvaluationState>();
