// Runs in: main process (plain Node). A backtest: the same settings trained and scored on several rolling-origin
// folds, each an ordinary run (a child of one parent run that holds the folds' table and their mean and spread),
// so every fold is comparable like any run and the parent sorts beside single runs by its mean test MAE.
import type { BacktestSpec, ForecastConfig } from '../../../shared/model/config';
import type { DatasetSummary } from '../../../shared/model/dataset';
import {
  BASELINE_NAMES,
  type BacktestFold,
  type BacktestSummary,
  type BaselineName,
  type ForecastMetrics,
  type ForecastRunMetrics,
} from '../../../shared/model/metrics';
import { isForecastRun, type RunStatus, type RunSummary } from '../../../shared/model/run';
import { backtestFolds, meanAndStd } from '../../core/forecast/backtest-folds';
import { MIN_TRAIN_WINDOWS } from '../../core/forecast/prepare-data';
import { checkConfigAgainstData } from '../datasets/check-against-data';
import type { AsyncRunLog } from '../run-log/async-run-log';
import { runProvenance } from '../training/provenance';
import type { TrainingManager } from '../training/training-manager';

export interface BacktestDeps {
  store: AsyncRunLog;
  training: Pick<TrainingManager, 'start' | 'waitFor' | 'stop'>;
}

export interface BacktestDataset {
  path: string;
  summary: DatasetSummary;
}

export interface BacktestResult {
  parentRunId: number;
  status: RunStatus;
  backtest: BacktestSummary;
  seconds: number;
}

export interface BacktestControl {
  /** Called as each fold's run starts and ends (progress for the CLI). */
  onFold?(event: { fold: number; folds: number; runId: number; status?: RunStatus }): void;
  /** Polled between folds: true stops the backtest after the fold in flight (which `stopFold` stops). */
  shouldStop?(): boolean;
}

type Pair = { mae: number; rmse: number };
const pair = (m: ForecastMetrics): Pair => ({ mae: m.mae, rmse: m.rmse });

function foldOf(run: RunSummary, trainRows: number, bounds: { testStart: number; testEnd: number }, times: number[] | null): BacktestFold {
  const metrics = isForecastRun(run) ? run.metrics : null;
  const baselines: BacktestFold['baselines'] = {};
  if (isForecastRun(run)) for (const name of BASELINE_NAMES) if (run.baselines?.[name]) baselines[name] = pair(run.baselines[name]!);
  return {
    runId: run.id,
    trainRows,
    testStart: bounds.testStart,
    testEnd: bounds.testEnd,
    testStartTime: times?.[0] ?? null,
    testEndTime: times?.at(-1) ?? null,
    status: run.status,
    model: metrics?.test ? pair(metrics.test) : null,
    baselines,
  };
}

function spread(values: Pair[]) {
  const mae = meanAndStd(values.map((v) => v.mae));
  const rmse = meanAndStd(values.map((v) => v.rmse));
  return { maeMean: mae.mean, maeStd: mae.std, rmseMean: rmse.mean, rmseStd: rmse.std };
}

/** The folds' table and the mean and spread (population std) of every error over the folds that were scored. */
export function summariseFolds(mode: BacktestSpec['mode'], folds: BacktestFold[]): BacktestSummary {
  const scored = folds.filter((f) => f.model !== null);
  const baselines: BacktestSummary['summary']['baselines'] = {};
  for (const name of BASELINE_NAMES) {
    const values = scored.map((f) => f.baselines[name]).filter((v): v is Pair => v !== undefined);
    if (values.length > 0) baselines[name] = spread(values);
  }
  return { mode, folds, summary: { model: scored.length > 0 ? spread(scored.map((f) => f.model!)) : null, baselines } };
}

/** The parent run's scores: the folds' mean errors, so the runs table sorts and compares it like a single run. */
function parentMetrics(backtest: BacktestSummary): { metrics: ForecastRunMetrics; baselines: Partial<Record<BaselineName, ForecastMetrics>> } {
  const asMetrics = (s: { maeMean: number; rmseMean: number }): ForecastMetrics => ({ mae: s.maeMean, rmse: s.rmseMean, mape: null });
  const baselines: Partial<Record<BaselineName, ForecastMetrics>> = {};
  for (const name of BASELINE_NAMES) if (backtest.summary.baselines[name]) baselines[name] = asMetrics(backtest.summary.baselines[name]!);
  const metrics: ForecastRunMetrics = { backtest, notes: [`Backtest of ${backtest.folds.length} folds (${backtest.mode}): test errors are the means over the folds.`] };
  const model = backtest.summary.model;
  if (model) {
    metrics.test = asMetrics(model);
    let best: BaselineName | null = null;
    for (const name of BASELINE_NAMES) if (baselines[name] && (best === null || baselines[name]!.mae < baselines[best]!.mae)) best = name;
    if (best && baselines[best]!.mae > 0) metrics.skill = { baseline: best, value: 1 - model.maeMean / baselines[best]!.mae };
  }
  return { metrics, baselines };
}

/**
 * Trains the folds one after another (the machine's cores go to one run at a time) and logs them as children of a
 * parent run. The parent is created first, so a backtest cut off midway still shows what it did.
 */
export async function runBacktest(
  deps: BacktestDeps,
  dataset: BacktestDataset,
  base: ForecastConfig,
  spec: BacktestSpec,
  control: BacktestControl = {},
): Promise<BacktestResult> {
  const started = performance.now();
  const { summary } = dataset;
  checkConfigAgainstData(base, summary);
  const folds = backtestFolds(summary.rowsUsed, base.split, spec, base.window + base.horizon + MIN_TRAIN_WINDOWS);
  const { store, training } = deps;
  const fingerprint = { fileName: summary.fileName, sizeBytes: summary.sizeBytes, sha256: summary.sha256, rowsUsed: summary.rowsUsed };
  const provenance = runProvenance(dataset.path, summary.importOptions);
  const { rowSplit: _, ...settings } = base;
  const parentRunId = await store.batch(async (log) => {
    const id = await log.createRun({ ...settings, backtest: spec }, fingerprint);
    await log.setRunOrigin(id, { provenance });
    return id;
  });

  const results: BacktestFold[] = [];
  let status: RunStatus = 'completed';
  let backend: string | null = null;
  let trainSeconds = 0;
  try {
    for (let i = 0; i < folds.length; i++) {
      if (control.shouldStop?.()) {
        status = 'stopped';
        break;
      }
      const bounds = folds[i];
      const runId = await training.start({ ...settings, rowSplit: bounds }, { path: dataset.path, fingerprint, importOptions: summary.importOptions }, {
        onCreated: (id, log) => log.setRunOrigin(id, { provenance, parentRunId }),
      });
      control.onFold?.({ fold: i + 1, folds: folds.length, runId });
      const foldStatus = (await training.waitFor(runId)) ?? (await store.getSummary(runId)).status;
      control.onFold?.({ fold: i + 1, folds: folds.length, runId, status: foldStatus });
      const run = await store.getSummary(runId);
      backend ??= run.backend;
      trainSeconds += run.trainSeconds ?? 0;
      const times = (await store.getPredictions(runId))?.times ?? null;
      results.push(foldOf(run, bounds.validationStart - bounds.trainStart, bounds, times));
      if (foldStatus !== 'completed') status = foldStatus === 'stopped' ? 'stopped' : 'failed';
      if (status !== 'completed') break;
    }
  } catch (error) {
    await store.failRun(parentRunId, `The backtest could not go on: ${(error as Error).message}`);
    throw error;
  }
  const backtest = summariseFolds(spec.mode, results);
  if (results.some((f) => f.model !== null) && status !== 'failed') {
    const { metrics, baselines } = parentMetrics(backtest);
    await store.finishRun(parentRunId, {
      status: status === 'completed' ? 'completed' : 'stopped',
      backend: backend ?? 'unknown',
      trainSeconds,
      trainSamplesPerSecond: 0,
      metrics,
      baselines,
      predictions: null,
    });
  } else {
    await store.failRun(parentRunId, status === 'failed' ? 'A fold of the backtest failed: see its run.' : 'Stopped before any fold was scored.', status === 'failed' ? 'failed' : 'stopped');
  }
  return { parentRunId, status: (await store.getSummary(parentRunId)).status, backtest, seconds: (performance.now() - started) / 1000 };
}
