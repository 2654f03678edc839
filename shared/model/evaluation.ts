// Runs in: renderer and main (types + pure helpers). Issue 15's jobs from the window: a backtest of the form's settings
// and "Suggest a setup", each running in main in the background and reported to the window as it goes.
import type { BacktestSpec, ForecastConfig } from './config';
import type { BacktestSummary, BaselineName, ForecastMetrics } from './metrics';

export type JobStatus = 'running' | 'completed' | 'stopped' | 'failed';

/** What every job reports. `updates` counts its reports, so a window that gets two of them out of order (an event
 * and the start call's answer) keeps the later one. */
interface JobBase {
  jobId: number;
  status: JobStatus;
  updates: number;
  /** Why the job failed, for the user. */
  error: string | null;
}

/** A backtest in progress or done: which fold trains now, then every fold's scores. */
export interface BacktestJob extends JobBase {
  kind: 'backtest';
  spec: BacktestSpec;
  /** 1-based fold training now (or the last one that ran), of `folds`. */
  fold: number;
  folds: number;
  /** The fold's run training now, so the window can point at it. */
  runId: number | null;
  /** Set when the backtest ends: the parent run that holds the folds (it is listed in the runs table). */
  parentRunId: number | null;
  result: BacktestSummary | null;
  seconds: number | null;
}

/** The best setup "Suggest a setup" found so far (by validation MAE: test never chooses). */
export interface SuggestLeader {
  runId: number;
  setup: string;
  validationMae: number;
}

export interface SuggestOutcome {
  sweepId: number;
  best: { runId: number; config: ForecastConfig; setup: string; metrics: { validation: ForecastMetrics; test: ForecastMetrics } } | null;
  bestBaseline: { name: BaselineName; mae: number } | null;
  beatsBaseline: boolean;
  verdict: string;
  /** Runs trained, over every rung. */
  tried: number;
  seconds: number;
}

export interface SuggestJob extends JobBase {
  kind: 'suggest';
  budgetSeconds: number;
  /** Runs that ended, and runs training now. */
  tried: number;
  training: number;
  /** Successive halving's rung (1: every candidate briefly; 2: the best third, longer; 3: the best one). */
  rung: number;
  leader: SuggestLeader | null;
  startedAt: number;
  result: SuggestOutcome | null;
}

export type EvaluationJob = BacktestJob | SuggestJob;

/** The window's budget limits for "Suggest a setup", in seconds (the CLI takes minutes; a test wants seconds). */
export const SUGGEST_BUDGET_SECONDS = { min: 5, max: 24 * 60 * 60, default: 180 } as const;

/** A candidate's settings in a few words, as the progress line and the verdict name it. */
export function describeSetup(c: Pick<ForecastConfig, 'cell' | 'layers' | 'hiddenUnits' | 'window' | 'learningRate'> & { targetTransform?: string }): string {
  const transform = !c.targetTransform || c.targetTransform === 'none' ? '' : `, ${c.targetTransform}`;
  return `${c.cell} ${c.layers}x${c.hiddenUnits}, window ${c.window}, learning rate ${c.learningRate}${transform}`;
}

/** Whether `next` is newer news of a job than `current` (a later job, or a later report of the same one). */
export function isNewerJob(next: EvaluationJob, current: EvaluationJob | null): boolean {
  return current === null || next.jobId > current.jobId || (next.jobId === current.jobId && next.updates >= current.updates);
}
