// Runs in: main process (plain Node). Inside a finished run (issue 16): a forecast test window or a typed text through
// the model's own equations, and permutation importance, each asked of a trainer process of its own (TensorFlow.js
// never loads here). A forecast run's data file is read again, after checking it still holds the same bytes.
import { existsSync, statSync } from 'node:fs';
import type { Explanation, ExplainOptions, ForecastInspection, InspectTarget, TextInspection } from '../../../shared/model/inspect';
import { isForecastRun, isTextRun, type ForecastRunSummary } from '../../../shared/model/run';
import { UserError } from '../../../shared/util/errors';
import type { RunData } from '../../core/trainer-protocol';
import { fileSha256 } from '../experiments/find-dataset';
import type { AsyncRunLog } from '../run-log/async-run-log';
import { askTrainer } from '../training/one-shot-trainer';
import type { TrainerLauncher } from '../training/trainer-launcher';
import { runWithModel } from './run-predictions';

export interface InspectContext {
  store: AsyncRunLog;
  launcher: TrainerLauncher;
}

/** Reading the file again and a few passes of the model take seconds. Importance re-scores its windows (1 + columns +
 * lags) x repeats times: the course's LSTM 64 over 64 steps takes ~1 s per 400 windows on a busy machine, so the
 * defaults (3 repeats, 500 windows) stay within minutes. */
export const INSPECT_TIMEOUT_MS = 120_000;
export const EXPLAIN_TIMEOUT_MS = 900_000;
export const EXPLAIN_DEFAULTS: Required<ExplainOptions> = { repeats: 3, seed: 0, maxWindows: 500 };

async function runData(run: ForecastRunSummary): Promise<RunData> {
  const { fileName, sha256 } = run.dataset;
  const path = run.provenance?.datasetPath;
  const again = `import the original ${fileName} and train the run again to look inside it`;
  if (!path) throw new UserError(`Seqlab does not know where run ${run.id}'s data ${fileName} came from (it was imported from a bundle): ${again}.`);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UserError(`Run ${run.id}'s data ${path} is no longer there (moved or deleted): ${again}.`);
  if ((await fileSha256(path)) !== sha256) throw new UserError(`Run ${run.id}'s data ${path} has changed since it trained (its contents differ): ${again}.`);
  return { datasetPath: path, fileName, importOptions: run.provenance?.importOptions, config: run.config };
}

export async function inspectRun(ctx: InspectContext, runId: number, target: InspectTarget): Promise<ForecastInspection | TextInspection> {
  const run = await runWithModel(ctx.store, runId);
  const runDir = await ctx.store.runFilesDir(runId);
  let request;
  if ('text' in target) {
    if (!isTextRun(run)) throw new UserError(`Run ${runId} forecasts a series: look inside it at a test window (--window K), not a text.`);
    request = { task: 'text' as const, text: target.text };
  } else {
    if (!isForecastRun(run)) throw new UserError(`Run ${runId} classifies texts: look inside it with a text (--text "..."), not a window.`);
    request = { task: 'forecast' as const, window: target.window, ...(await runData(run)) };
  }
  const result = await askTrainer(ctx.launcher, {
    request: { type: 'inspect', runDir, request },
    answer: (message) => (message.type === 'inspection' ? message.result : undefined),
    doing: 'look inside the model',
    timeoutMs: INSPECT_TIMEOUT_MS,
    timeoutAdvice: 'try again when the computer is less busy.',
  });
  return { runId, ...result } as ForecastInspection | TextInspection;
}

export async function explainRun(ctx: InspectContext, runId: number, options: ExplainOptions = {}): Promise<Explanation> {
  const run = await runWithModel(ctx.store, runId);
  if (!isForecastRun(run)) {
    throw new UserError(`Run ${runId} classifies texts: permutation importance is for forecast runs; see each word's contribution with inspect --text.`);
  }
  const settings = { ...EXPLAIN_DEFAULTS, ...options };
  const whole = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) throw new UserError(`${name} must be a whole number from ${min} to ${max}; got ${value}.`);
  };
  whole('Repeats', settings.repeats, 1, 100);
  whole('Max windows', settings.maxWindows, 1, 1_000_000);
  whole('Seed', settings.seed, 0, 2 ** 31 - 1);
  const result = await askTrainer(ctx.launcher, {
    request: { type: 'explain', runDir: await ctx.store.runFilesDir(runId), request: { ...settings, ...(await runData(run)) } },
    answer: (message) => (message.type === 'explanation' ? message.result : undefined),
    doing: 'score what mattered to the model',
    timeoutMs: EXPLAIN_TIMEOUT_MS,
    timeoutAdvice: 'use fewer repeats or windows (--repeats, --max-windows), or try again when the computer is less busy.',
  });
  return { runId, ...result };
}
