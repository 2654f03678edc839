// Runs in: plain Node (`npm run bench -- sweep --workers 1,2`). Trials per minute of a fixed 8-trial sweep through the
// queue with 1, 2, ... local `seqlab worker` processes, each trial in its own trainer process on one thread. Starts its
// own Redis and PostgreSQL unless given --queue/--db; each worker count gets a fresh database and an emptied queue.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Queue } from 'bullmq';
import { workerImporter } from '../core/dataset/import-in-worker';
import { APP_ROOT, importWorkerEntry } from '../backend/paths';
import { followSweep, submitSweep } from '../backend/queue/queued-sweep';
import { TRIAL_QUEUE, redisConnection } from '../backend/queue/trial-queue';
import { KyselyRunLog } from '../backend/run-log/kysely/kysely-run-log';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { SweepSpec } from '../../shared/model/experiments';
import { startPostgres, startRedis } from './local-servers';

export interface SweepBenchOptions {
  csv: string;
  workers: number[];
  queue?: string;
  db?: string;
  epochs: number;
}

/** 8 trials: 2 cells x 2 sizes x 2 windows, one thread each, so N workers use N cores. */
function benchSpec(datasetId: string, epochs: number): SweepSpec {
  return {
    name: 'bench sweep',
    base: { ...FORECAST_DEFAULTS, datasetId, target: 'Temperature (C)', features: ['Temperature (C)'], epochs, threads: 1, backend: 'wasm' },
    mode: 'grid',
    values: { cell: ['SimpleRNN', 'GRU'], hiddenUnits: [16, 32], window: [12, 24] },
    seed: 0,
    concurrency: 1,
  } as SweepSpec;
}

function startWorker(queue: string, db: string, name: string, dataHome: string): ChildProcess {
  return spawn(process.execPath, [join(APP_ROOT, 'bin', 'seqlab.js'), 'worker', '--queue', queue, '--db', db, '--name', name], {
    env: { ...process.env, XDG_DATA_HOME: dataHome },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('close', () => resolve())));

export async function benchSweep(options: SweepBenchOptions): Promise<Record<string, unknown>[]> {
  const redis = options.queue ? null : await startRedis();
  const postgres = options.db ? null : await startPostgres();
  const queueUrl = options.queue ?? redis!.url;
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-bench-sweep-'));
  const summary = await workerImporter(importWorkerEntry())({ path: options.csv, fileName: basename(options.csv), importOptions: {} }, () => {});
  const content = readFileSync(options.csv);
  const records: Record<string, unknown>[] = [];
  try {
    for (const count of options.workers) {
      const db = options.db ?? postgres!.url(await postgres!.createDatabase());
      const queue = new Queue(TRIAL_QUEUE, { connection: redisConnection(queueUrl) });
      await queue.obliterate({ force: true });
      await queue.close();
      const log = await KyselyRunLog.open(db);
      const workers = Array.from({ length: count }, (_, i) => startWorker(queueUrl, db, `bench-${count}-${i + 1}`, join(dir, `w${i + 1}`)));
      try {
        const started = performance.now();
        const { sweepId, runIds } = await submitSweep(log, queueUrl, benchSpec(summary.id, options.epochs), { path: options.csv, summary, content });
        await followSweep(log, queueUrl, sweepId);
        const seconds = (performance.now() - started) / 1000;
        const statuses = await Promise.all(runIds.map(async (id) => (await log.getSummary(id)).status));
        records.push({
          bench: 'sweep',
          workers: count,
          trials: runIds.length,
          completed: statuses.filter((s) => s === 'completed').length,
          epochs: options.epochs,
          seconds: Number(seconds.toFixed(2)),
          trialsPerMinute: Number(((runIds.length / seconds) * 60).toFixed(3)),
        });
      } finally {
        for (const worker of workers) worker.kill('SIGTERM');
        await Promise.all(workers.map(exited));
        await log.close();
      }
    }
    // The ratio the issue asks about: N workers' trials per minute over one worker's, measured in this same run.
    const one = records.find((r) => r.workers === 1);
    const scaling = one
      ? records.filter((r) => r !== one).map((r) => ({ bench: 'sweep.scaling', workers: r.workers, vsOneWorker: Number(((r.trialsPerMinute as number) / (one.trialsPerMinute as number)).toFixed(3)) }))
      : [];
    return [...records, ...scaling];
  } finally {
    await Promise.all([redis?.stop(), postgres?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
