// Runs in: plain Node (CLI). `seqlab sweep --config FILE --queue redis://... --db postgres://...`: the sweep's trials
// go to workers through the queue; this process shows their progress live and the ranking at the end. Ctrl-C pauses
// the queue (workers finish the trials in hand); `--resume ID` with --queue resumes it and follows again.
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rankRuns } from '../../../shared/model/run-ranking';
import type { RunSummary } from '../../../shared/model/run';
import { UserError } from '../../../shared/util/errors';
import { redactUrl } from '../../core/redact-url';
import { workerImporter } from '../../core/dataset/import-in-worker';
import { importWorkerEntry } from '../../backend/paths';
import { enqueueTrials, followSweep, setQueuePaused, submitSweep } from '../../backend/queue/queued-sweep';
import { KyselyRunLog } from '../../backend/run-log/kysely/kysely-run-log';
import { checkQueueReachable } from '../../backend/queue/trial-queue';
import { readSweepFile, sweepSpecFromFile } from './cli-sweep';

export const QUEUED_SWEEP_USAGE = `  seqlab sweep --config FILE --queue redis://HOST:PORT --db postgres://... [--json]   (trials run on seqlab workers)
  seqlab sweep --resume ID --queue redis://HOST:PORT --db postgres://... [--json]`;

/** `seqlab sweep` goes to the queue when given --queue. */
export const wantsQueue = (args: string[]) => args.some((arg) => arg === '--queue' || arg.startsWith('--queue='));

export async function queuedSweepCommand(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: { config: { type: 'string' }, resume: { type: 'string' }, queue: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nUsage:\n${QUEUED_SWEEP_USAGE}`);
  }
  if ((values.config === undefined) === (values.resume === undefined)) throw new UserError(`Give either --config FILE or --resume ID.\nUsage:\n${QUEUED_SWEEP_USAGE}`);
  if (typeof values.queue !== 'string') throw new UserError(`--queue needs a redis:// URL.\nUsage:\n${QUEUED_SWEEP_USAGE}`);
  if (typeof values.db !== 'string') throw new UserError(`--db is required with --queue: the run log the workers share (a postgres:// URL).\nUsage:\n${QUEUED_SWEEP_USAGE}`);
  const queueUrl = values.queue;
  const json = values.json === true;
  // With --json, stdout carries only the final document.
  const say = (line: string) => (json ? console.error(line) : console.log(line));

  const log = await KyselyRunLog.open(values.db);
  try {
    let sweepId: number;
    if (typeof values.config === 'string') {
      const configPath = values.config;
      const file = readSweepFile(configPath);
      if (typeof file.csv !== 'string') throw new UserError('The sweep file needs "csv": the CSV file to train on (relative to the sweep file).');
      const csvPath = resolve(dirname(configPath), file.csv);
      const summary = await workerImporter(importWorkerEntry())({ path: csvPath, fileName: basename(csvPath), importOptions: {} }, () => {});
      const spec = sweepSpecFromFile(file, summary.id, basename(configPath, extname(configPath)));
      const submitted = await submitSweep(log, queueUrl, spec, { path: csvPath, summary, content: readFileSync(csvPath) });
      for (const note of submitted.notes) console.error(`note: ${note}`);
      sweepId = submitted.sweepId;
      const n = submitted.runIds.length;
      console.error(`sweep ${sweepId}: ${n} trial${n === 1 ? '' : 's'} queued on ${redactUrl(queueUrl)}, results in ${log.path}`);
    } else {
      sweepId = Number(values.resume);
      if (!Number.isInteger(sweepId) || sweepId < 1 || !(await log.sweeps.get(sweepId))) throw new UserError(`--resume must name a sweep in ${log.path}; got "${String(values.resume)}".`);
      const open = (await log.sweeps.runs(sweepId)).filter((run) => run.status === 'queued' || run.status === 'running');
      const sha256 = open.length ? (await log.getSummary(open[0].id)).dataset.sha256 : '';
      // Trials still in the queue stay as they are (same job ids); any lost with a Redis restart are added again.
      await checkQueueReachable(queueUrl);
      await enqueueTrials(queueUrl, open.map((run) => ({ runId: run.id, sweepId, sha256 })));
      await setQueuePaused(queueUrl, false);
      await log.sweeps.setStatus(sweepId, 'running');
      console.error(`sweep ${sweepId}: resumed, ${open.length} trials left`);
    }

    const stop = new AbortController();
    const onInterrupt = () => {
      console.error(`sweep ${sweepId}: pausing the queue; workers finish the trials in hand. Resume with seqlab sweep --resume ${sweepId} --queue ... --db ...`);
      void setQueuePaused(queueUrl, true).finally(() => stop.abort());
    };
    process.once('SIGINT', onInterrupt);
    try {
      await followSweep(log, queueUrl, sweepId, {
        onProgress: (p) => say(`run ${p.runId}  epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toPrecision(4)}  val ${p.valLoss?.toPrecision(4) ?? '-'}  on ${p.worker}`),
        onFinished: (runId, status, worker) => say(`run ${runId}  ${status}${worker ? `  on ${worker}` : ''}`),
        onQueueNote: (line) => console.error(line),
      }, stop.signal);
    } finally {
      process.off('SIGINT', onInterrupt);
    }
    if (stop.signal.aborted) {
      await log.sweeps.setStatus(sweepId, 'stopped');
      return 1;
    }
    const runs = await Promise.all((await log.sweeps.runs(sweepId)).map((run) => log.getSummary(run.id)));
    const withWorkers = await Promise.all(rankRuns(runs).map(async (run) => ({ run, executions: await log.executions(run.id) })));
    if (json) {
      console.log(JSON.stringify({ sweepId, status: 'completed', runs: withWorkers.map(({ run, executions }) => ({ ...run, executions })) }));
    } else {
      console.log(`sweep ${sweepId}: ${runs.length} runs, ranked by best validation loss:`);
      withWorkers.forEach(({ run, executions }, i) => console.log(`${String(i + 1).padStart(3)}. ${rankLine(run, executions.at(-1)?.worker)}`));
    }
    return runs.every((run) => run.status === 'completed') ? 0 : 1;
  } finally {
    await log.close();
  }
}

function rankLine(run: RunSummary, worker: string | undefined): string {
  return `run ${run.id}  ${run.status}  best val loss ${run.bestValLoss?.toPrecision(4) ?? '-'}${worker ? `  on ${worker}` : ''}`;
}
