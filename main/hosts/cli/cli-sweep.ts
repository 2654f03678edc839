// Runs in: plain Node (CLI). `seqlab sweep --config FILE` runs a grid or random sweep to the end (Ctrl+C stops it,
// resumable), and `seqlab rerun ID` runs a logged run again and says whether it reproduced.
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type SeqlabEvent } from '../../../shared/api/seqlab-api';
import { isForecastRun, type RunSummary } from '../../../shared/model/run';
import { methods } from '../../../shared/api/methods';
import { UserError } from '../../../shared/util/errors';
import type { SweepDetail, SweepParam, SweepSpec } from '../../../shared/model/experiments';
import { FORECAST_DEFAULTS, TEXT_DEFAULTS } from '../../../shared/model/run-config';
import { createService } from '../../backend/create-service';
import { dataDirFor } from '../../backend/paths';
import type { AsyncRunLog } from '../../backend/run-log/async-run-log';
import type { SeqlabService } from '../../backend/seqlab-service';
import { combinationOf, describeCombination } from '../../backend/experiments/sweep-expand';

export const SWEEP_USAGE = `  seqlab sweep --config FILE [--db PATH] [--json]     FILE: {"csv", "name", "base", "mode", "values", "samples", "seed", "concurrency"}
  seqlab sweep --resume ID [--db PATH] [--json]       (csv is relative to FILE; base is a partial run config)
  seqlab rerun ID [--db PATH] [--json]                (exit code 1 when the rerun did not reproduce the run)`;

function parse(args: string[], options: ParseArgsConfig['options'], positionals = false) {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nUsage:\n${SWEEP_USAGE}`);
  }
}

function openLog(db: string | undefined) {
  return createService({ dbPath: db, dataDir: dataDirFor(db) });
}

export function readSweepFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`Cannot read the sweep file ${path}: check the --config path.`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new UserError(`The sweep file ${path} is not a JSON object (${(error as Error).message}): see seqlab --help for its fields.`);
  }
}

/** The file's partial base filled from the task's defaults, validated like the API validates startSweep. */
export function sweepSpecFromFile(file: Record<string, unknown>, datasetId: string, fallbackName: string): SweepSpec {
  const base = (file.base ?? {}) as Record<string, unknown>;
  if (typeof base !== 'object' || Array.isArray(base)) throw new UserError('"base" in the sweep file must be an object of run settings.');
  const filled =
    base.task === 'text'
      ? { ...TEXT_DEFAULTS, ...base, datasetId }
      : {
          ...FORECAST_DEFAULTS,
          ...(typeof base.target === 'string' ? { features: [base.target] } : {}),
          ...base,
          datasetId,
        };
  const candidate = {
    name: file.name ?? fallbackName,
    base: filled,
    mode: file.mode ?? 'grid',
    values: file.values ?? {},
    ...(file.samples !== undefined ? { samples: file.samples } : {}),
    seed: file.seed ?? 0,
    concurrency: file.concurrency ?? 1,
  };
  const parsed = methods.startSweep.args.safeParse([candidate]);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.slice(1).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    throw new UserError(`The sweep file is not valid: ${problems.join('; ')}.`);
  }
  return parsed.data[0] as SweepSpec;
}


function score(run: RunSummary): string {
  if (isForecastRun(run)) return run.metrics?.test ? `test MAE ${run.metrics.test.mae.toFixed(4)}` : 'no test metrics';
  return run.metrics?.test ? `test accuracy ${run.metrics.test.accuracy.toFixed(4)}` : 'no test metrics';
}

function runLine(run: RunSummary, params: SweepParam[]): string {
  return `run ${run.id}  ${run.status}  ${describeCombination(combinationOf(run.config, params))}  best val loss ${run.bestValLoss?.toPrecision(4) ?? '-'}  ${score(run)}`;
}

function printRanking(detail: SweepDetail): void {
  console.log(`sweep ${detail.id} "${detail.name}": ${detail.status}, ${detail.finished} of ${detail.total} runs finished, ranked by best validation loss:`);
  detail.runs.forEach((run, i) => console.log(`${String(i + 1).padStart(3)}. ${runLine(run, detail.params)}`));
}

async function driveSweep(service: SeqlabService, store: AsyncRunLog, sweepId: number, json: boolean): Promise<number> {
  const params = (await service.getSweep(sweepId)).params;
  // One line per finished run, in the order they finished, all printed before the ranking.
  let printed = Promise.resolve();
  const onEvent = (event: SeqlabEvent) => {
    if (event.type !== 'run-finished') return;
    printed = printed.then(async () => {
      const run = await store.getSummary(event.runId);
      if (run.sweepId !== sweepId) return;
      // With --json, stdout carries only the final document.
      if (json) console.error(runLine(run, params));
      else console.log(runLine(run, params));
    }).catch((error: unknown) => console.error(`seqlab: run ${event.runId}: ${(error as Error).message}`));
  };
  const unsubscribe = service.onEvent(onEvent);
  const stopOnSignal = () => {
    console.error(`seqlab: stopping sweep ${sweepId}; its running runs finish scoring first`);
    void service.stopSweep(sweepId).catch(() => undefined);
  };
  process.once('SIGINT', stopOnSignal);
  await service.sweeps.whenIdle(sweepId);
  process.off('SIGINT', stopOnSignal);
  unsubscribe();
  await printed;

  const detail = await service.getSweep(sweepId);
  if (json) console.log(JSON.stringify(detail));
  else printRanking(detail);
  if (detail.status !== 'completed') {
    console.error(`seqlab: sweep ${sweepId} stopped with ${detail.pending} combinations not run: resume it with seqlab sweep --resume ${sweepId}.`);
    return 1;
  }
  return 0;
}

export async function sweepCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { config: { type: 'string' }, resume: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' } });
  if ((values.config === undefined) === (values.resume === undefined)) {
    throw new UserError(`Give either --config FILE (a new sweep) or --resume ID (a stopped one).\nUsage:\n${SWEEP_USAGE}`);
  }
  const json = values.json === true;
  const file = typeof values.config === 'string' ? readSweepFile(values.config) : undefined;
  const resumeId = values.resume === undefined ? undefined : Number(values.resume);
  if (resumeId !== undefined && (!Number.isInteger(resumeId) || resumeId < 1)) throw new UserError(`--resume must be a sweep id, e.g. --resume 3; got "${String(values.resume)}".`);
  if (file && typeof file.csv !== 'string') throw new UserError('The sweep file needs "csv": the CSV file to train on (relative to the sweep file).');

  const { service, store } = await openLog(values.db as string | undefined);
  try {
    let sweepId: number;
    if (file) {
      const configPath = values.config as string;
      const summary = await service.importPath(resolve(dirname(configPath), file.csv as string));
      for (const finding of summary.findings) console.error(`note: ${finding.message}`);
      const spec = sweepSpecFromFile(file, summary.id, basename(configPath, extname(configPath)));
      const started = await service.sweeps.start(spec);
      for (const note of started.notes) console.error(`note: ${note}`);
      sweepId = started.sweepId;
    } else {
      sweepId = resumeId!;
      await service.resumeSweep(sweepId);
    }
    console.error(`sweep ${sweepId}: running`);
    return await driveSweep(service, store, sweepId, json);
  } finally {
    await service.shutdown();
    await store.close();
  }
}

export async function rerunCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { db: { type: 'string' }, json: { type: 'boolean' } }, true);
  const id = Number(String(positionals[0] ?? '').replace(/^#/, ''));
  if (positionals.length !== 1 || !Number.isInteger(id) || id < 1) {
    throw new UserError(`Name one run to run again, e.g. seqlab rerun 12.\nUsage:\n${SWEEP_USAGE}`);
  }
  const { service, store } = await openLog(values.db as string | undefined);
  try {
    const { runId } = await service.rerun(id);
    console.error(`run ${runId}: running run ${id} again`);
    const stopOnSignal = () => void service.stopTraining(runId).catch(() => undefined);
    process.once('SIGINT', stopOnSignal);
    await service.training.waitFor(runId);
    process.off('SIGINT', stopOnSignal);
    const run = await service.getRun(runId);
    const reproduction = run.reproduction ?? null;
    if (values.json) {
      console.log(JSON.stringify({ runId, rerunOf: id, status: run.status, backend: run.backend, error: run.error, reproduction }));
    } else {
      console.log(`run ${runId} (rerun of ${id}): ${run.status} on ${run.backend ?? '?'}, ${score(run)}`);
      console.log(reproduction?.message ?? 'No verdict was recorded.');
    }
    return reproduction?.matched ? 0 : 1;
  } finally {
    await service.shutdown();
    await store.close();
  }
}
