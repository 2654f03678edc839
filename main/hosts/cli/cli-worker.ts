// Runs in: plain Node (a worker machine). `seqlab worker --queue redis://... --db postgres://...`: pulls trials from
// the queue and trains each in its own trainer process, writing to the shared log. Ctrl-C once finishes the trials in
// hand and exits; twice (or SIGTERM) hands them back to the queue at once.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../../../shared/util/errors';
import { redactUrl } from '../../core/redact-url';
import { defaultDataDir, trainerEntry } from '../../backend/paths';
import { TrialWorker, defaultWorkerName } from '../../backend/queue/trial-worker';
import { checkQueueReachable } from '../../backend/queue/trial-queue';
import { KyselyRunLog } from '../../backend/run-log/kysely/kysely-run-log';
import { forkTrainerLauncher } from '../../backend/training/trainer-launcher';

export const WORKER_USAGE = `  seqlab worker --queue redis://HOST:PORT --db postgres://USER@HOST/DB [--concurrency 1] [--name NAME]
                [--lock-seconds 30]   (trains queued sweep trials; Ctrl-C finishes the trial in hand, twice hands it back)`;

function positiveNumber(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${flag} must be a number above 0; got "${value}".`);
  return n;
}

export async function workerCommand(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: { queue: { type: 'string' }, db: { type: 'string' }, concurrency: { type: 'string' }, name: { type: 'string' }, 'lock-seconds': { type: 'string' } },
      strict: true,
    }).values;
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nUsage:\n${WORKER_USAGE}`);
  }
  if (typeof values.queue !== 'string') throw new UserError(`--queue redis://HOST:PORT is required: where the trials wait.\nUsage:\n${WORKER_USAGE}`);
  if (typeof values.db !== 'string') throw new UserError(`--db is required: the shared run log (a postgres:// URL) the trials write to.\nUsage:\n${WORKER_USAGE}`);
  const concurrency = Math.floor(positiveNumber(values.concurrency as string | undefined, '--concurrency', 1));
  const lockMs = positiveNumber(values['lock-seconds'] as string | undefined, '--lock-seconds', 30) * 1000;
  const name = (values.name as string | undefined) ?? defaultWorkerName();

  await checkQueueReachable(values.queue);
  const log = await KyselyRunLog.open(values.db);
  const say = (line: string) => console.error(`worker ${name}: ${line}`);
  const worker = new TrialWorker({
    queueUrl: values.queue,
    log,
    launch: forkTrainerLauncher(trainerEntry()),
    cacheDir: join(defaultDataDir(), 'dataset-cache'),
    name,
    concurrency,
    lockMs,
    say,
  });
  let stopping: Promise<void> | null = null;
  const handBack = () => {
    say('handing the trials in hand back to the queue');
    stopping = worker.handBack();
  };
  const onInterrupt = () => {
    if (stopping) return handBack();
    say('finishing the trial in hand, then stopping (Ctrl-C again hands it back to the queue)');
    stopping = worker.finish();
  };
  process.on('SIGINT', onInterrupt);
  process.once('SIGTERM', handBack);
  say(`taking trials from ${redactUrl(values.queue)} for ${log.path}, ${concurrency} at a time`);
  try {
    await worker.run();
    await stopping;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', handBack);
    await log.close();
  }
  say('stopped');
  return 0;
}
