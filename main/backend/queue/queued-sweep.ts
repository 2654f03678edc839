// Runs in: main process or the CLI (plain Node). A sweep run by workers: every combination becomes a queued run in
// the shared log and a trial in the queue (job id = run id, so submitting twice adds nothing), the data goes into the
// log once by its SHA-256, and progress comes back from the queue's events. Stop and resume are the queue's pause and
// resume: workers finish the trials in hand and take no new one until resumed.
import { Queue, QueueEvents } from 'bullmq';
import type { RunConfig } from '../../../shared/model/config';
import type { DatasetSummary } from '../../../shared/model/dataset';
import type { SweepSpec } from '../../../shared/model/experiments';
import type { RunStatus } from '../../../shared/model/run';
import { redactSecrets } from '../../core/redact-url';
import { checkAgainstData } from '../datasets/check-against-data';
import { expandSweep, sweepConfigs } from '../experiments/sweep-expand';
import type { AsyncRunLog } from '../run-log/async-run-log';
import { runProvenance } from '../training/provenance';
import { TRIAL_QUEUE, checkQueueReachable, redisConnection, trialJobId, type TrialJob, type TrialOutcome, type TrialProgress } from './trial-queue';

/** A trial whose trainer crashed is tried this many times in all (a killed worker's trial comes back by its lock). */
const TRIAL_ATTEMPTS = 3;
const FINAL: RunStatus[] = ['completed', 'stopped', 'failed', 'interrupted'];

export interface SubmittedSweep {
  sweepId: number;
  runIds: number[];
  notes: string[];
}

/** Stores the data and the sweep's runs in the log (one transaction), then queues a trial per run. */
export async function submitSweep(
  log: AsyncRunLog,
  queueUrl: string,
  spec: SweepSpec,
  dataset: { path: string; summary: DatasetSummary; content: Buffer },
): Promise<SubmittedSweep> {
  const { summary } = dataset;
  const base = { ...spec.base, datasetId: summary.id } as RunConfig;
  const { combinations, notes } = expandSweep(spec);
  const configs = sweepConfigs(base, combinations, (config) => checkAgainstData(config, summary));
  // Nothing goes into the log for a sweep whose queue cannot be reached.
  await checkQueueReachable(queueUrl);
  await log.putDataset(
    { sha256: summary.sha256, fileName: summary.fileName, sizeBytes: summary.sizeBytes, importOptions: summary.importOptions ?? {} },
    dataset.content,
  );
  const fingerprint = { fileName: summary.fileName, sizeBytes: summary.sizeBytes, sha256: summary.sha256, rowsUsed: summary.rowsUsed };
  const provenance = runProvenance(dataset.path, summary.importOptions);
  const { sweepId, runIds } = await log.batch(async (inside) => {
    // Nothing pending in the sweep itself: its combinations are runs already, queued.
    const id = await inside.sweeps.create({ ...spec, base }, []);
    const ids: number[] = [];
    for (const config of configs) {
      const runId = await inside.createRun(config, fingerprint, 'queued', 'queue');
      await inside.setRunOrigin(runId, { sweepId: id, provenance });
      ids.push(runId);
    }
    return { sweepId: id, runIds: ids };
  });
  await enqueueTrials(queueUrl, runIds.map((runId) => ({ runId, sweepId, sha256: summary.sha256 })));
  return { sweepId, runIds, notes };
}

/** Adds trials; one already in the queue (same run id) is left as it is. */
export async function enqueueTrials(queueUrl: string, trials: TrialJob[]): Promise<void> {
  const queue = new Queue<TrialJob, TrialOutcome>(TRIAL_QUEUE, { connection: redisConnection(queueUrl) });
  try {
    await queue.addBulk(trials.map((data) => ({
      name: 'trial',
      data,
      opts: { jobId: trialJobId(data.runId), attempts: TRIAL_ATTEMPTS, removeOnComplete: false, removeOnFail: false },
    })));
  } finally {
    await queue.close();
  }
}

/** Pauses (true) or resumes (false) every worker on the queue: the trials in hand finish, no new one starts. */
export async function setQueuePaused(queueUrl: string, paused: boolean): Promise<void> {
  const queue = new Queue(TRIAL_QUEUE, { connection: redisConnection(queueUrl) });
  try {
    if (paused) await queue.pause();
    else await queue.resume();
  } finally {
    await queue.close();
  }
}

export interface FollowEvents {
  onProgress?(progress: TrialProgress): void;
  onFinished?(runId: number, status: RunStatus, worker: string | null): void;
  /** The connection to Redis dropped or came back (already free of secrets). */
  onQueueNote?(line: string): void;
}

/** Follows a sweep's trials until every run is final in the log; the log is the truth, the events are the live view. */
export async function followSweep(log: AsyncRunLog, queueUrl: string, sweepId: number, events: FollowEvents = {}, stop?: AbortSignal): Promise<void> {
  const runIds = new Set((await log.sweeps.runs(sweepId)).map((run) => run.id));
  const queueEvents = new QueueEvents(TRIAL_QUEUE, { connection: redisConnection(queueUrl) });
  const reported = new Set<number>();
  let lastNote = '';
  queueEvents.on('error', (error) => {
    const line = `queue: ${redactSecrets(error.message)} (reconnecting)`;
    if (line !== lastNote) events.onQueueNote?.(line);
    lastNote = line;
  });
  queueEvents.on('progress', ({ data }) => {
    const progress = data as unknown as TrialProgress;
    if (runIds.has(progress?.runId)) events.onProgress?.(progress);
  });
  const check = async () => {
    const runs = await log.sweeps.runs(sweepId);
    for (const run of runs) {
      if (!FINAL.includes(run.status) || reported.has(run.id)) continue;
      reported.add(run.id);
      const executions = await log.executions(run.id);
      events.onFinished?.(run.id, run.status, executions.at(-1)?.worker ?? null);
    }
    return runs.every((run) => FINAL.includes(run.status));
  };
  // A trial the queue gave up on (its workers died too often) would stay open in the log: end it there.
  queueEvents.on('failed', ({ jobId, failedReason }) => {
    const runId = Number(/^run-(\d+)$/.exec(jobId)?.[1]);
    if (runIds.has(runId)) void log.failRun(runId, `The queue gave up on this trial: ${redactSecrets(failedReason)}`).catch(() => {});
  });
  try {
    await queueEvents.waitUntilReady();
    // Events are the fast path; a poll of the log catches what an event cannot tell (a worker that died).
    while (!(await check())) {
      if (stop?.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await log.sweeps.setStatus(sweepId, 'completed');
  } finally {
    await queueEvents.close();
  }
}
