// Runs in: main process (plain Node). Using a finished run: forecast or classify a loaded file, classify typed
// texts, and export the run's test predictions as CSV.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DatasetSummary } from '../../../shared/model/dataset';
import { isTextRun, type RunSummary } from '../../../shared/model/run';
import { UserError } from '../../../shared/util/errors';
import type { PredictionsFromCsv, TextPrediction } from '../../../shared/model/inference';
import { runPrediction } from '../training/inference-runner';
import { testPredictionsCsv } from './predictions-csv';
import type { AsyncRunLog } from '../run-log/async-run-log';
import type { TrainerLauncher } from '../training/trainer-launcher';

/** Written by the text job into the run's folder: one row per test text. */
export const TEXT_TEST_PREDICTIONS_FILE = 'test-predictions.csv';

export interface PredictContext {
  store: AsyncRunLog;
  launcher: TrainerLauncher;
}

/** The run, if it is over and saved a model; otherwise a message saying why it cannot predict. */
export async function runWithModel(store: AsyncRunLog, runId: number): Promise<RunSummary> {
  const run = await store.getSummary(runId);
  switch (run.status) {
    case 'running':
    case 'queued':
      throw new UserError(`Run ${runId} is ${run.status === 'queued' ? 'queued to train' : 'still training'}: wait for it to finish, then use its model.`);
    case 'failed':
    case 'interrupted':
      throw new UserError(`Run ${runId} ${run.status === 'failed' ? 'failed' : 'was interrupted'}, so it has no model: train it again to use it.`);
  }
  if (!run.hasModel) {
    throw new UserError(
      `Run ${runId} has no saved model (it was trained before Seqlab kept models, or saving failed): train it again to use its model.`,
    );
  }
  return run;
}

export async function predictWithRun(
  context: PredictContext,
  runId: number,
  dataset: { path: string; summary: DatasetSummary } | undefined,
): Promise<PredictionsFromCsv> {
  const run = await runWithModel(context.store, runId);
  if (!dataset) throw new UserError('That dataset is not loaded in this session: import the CSV again, then predict.');
  const runDir = await context.store.runFilesDir(runId);
  const file = { csvPath: dataset.path, fileName: dataset.summary.fileName };
  if (isTextRun(run)) {
    return { ...(await runPrediction(context.launcher, runDir, { task: 'text-csv', ...file })), runId };
  }
  const importOptions = dataset.summary.importOptions;
  return { ...(await runPrediction(context.launcher, runDir, { task: 'forecast', ...file, importOptions })), runId };
}

export async function classifyText(context: PredictContext, runId: number, texts: string[]): Promise<TextPrediction[]> {
  const run = await runWithModel(context.store, runId);
  if (!isTextRun(run)) throw new UserError(`Run ${runId} forecasts a series; classifying texts needs a text classification run.`);
  if (texts.length === 0) return [];
  return runPrediction(context.launcher, await context.store.runFilesDir(runId), { task: 'text-texts', texts });
}

export async function exportPredictionsCsv(store: AsyncRunLog, runId: number): Promise<string> {
  const run = await store.getSummary(runId);
  if (run.status === 'running' || run.status === 'queued') throw new UserError(`Run ${runId} has not finished training: export its predictions when it has.`);
  if (isTextRun(run)) {
    const path = join(await store.runFilesDir(runId), TEXT_TEST_PREDICTIONS_FILE);
    if (!existsSync(path)) {
      throw new UserError(`Run ${runId} has no saved test predictions (it failed, or was trained before Seqlab kept them): train it again to export them.`);
    }
    return readFileSync(path, 'utf8');
  }
  const series = await store.getPredictions(runId);
  if (!series) {
    throw new UserError(`Run ${runId} has no test predictions (it ${run.status === 'failed' ? 'failed' : 'ended'} before scoring): train it again to export them.`);
  }
  // With prediction intervals, a lower_<level>,upper_<level> pair per level after the five columns.
  return testPredictionsCsv(series);
}
