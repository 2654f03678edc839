// Runs in: vitest (Node), against the built CLI, a real Redis and a real PostgreSQL. Stopping a sweep on workers is
// the queue's pause: Ctrl-C on `seqlab sweep --queue` pauses it, a worker started then takes nothing, and
// `seqlab sweep --resume ID --queue ...` resumes the queue and follows the sweep to its end.
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { TRIAL_QUEUE, redisConnection } from '../../main/backend/queue/trial-queue';
import { KyselyRunLog } from '../../main/backend/run-log/kysely/kysely-run-log';
import { until } from '../support/cli-process';
import { useQueueRig } from '../support/queue-rig';

describe('stopping and resuming a sweep on workers', () => {
  const rig = useQueueRig();

  it('pauses the queue on Ctrl-C and resumes it with --resume', async () => {
    const { redis, dbUrl: db } = rig;
    const config = rig.sweepFile({ base: { target: 'Temperature (C)', epochs: 2, backend: 'wasm', threads: 1 }, values: { window: [6, 12] } });
    const sweep = rig.start(['sweep', '--config', config, '--queue', redis.url, '--db', db], 'data');
    await until('the trials to be queued', () => /2 trials queued/.test(sweep.out()), 120_000, sweep);
    const sweepId = Number(/sweep (\d+):/.exec(sweep.out())![1]);
    sweep.child.kill('SIGINT');
    expect(await sweep.exited).toBe(1);
    expect(sweep.out()).toContain(`Resume with seqlab sweep --resume ${sweepId}`);

    const queue = new Queue(TRIAL_QUEUE, { connection: redisConnection(redis.url) });
    const log = await KyselyRunLog.open(db);
    try {
      expect(await queue.isPaused()).toBe(true);
      expect((await log.sweeps.get(sweepId))?.status).toBe('stopped');
      // A worker on a paused queue takes nothing.
      const worker = rig.start(['worker', '--queue', redis.url, '--db', db, '--name', 'w'], 'data');
      await until('the worker to start', () => /taking trials/.test(worker.out()), 60_000, worker);
      await new Promise((r) => setTimeout(r, 3000));
      expect((await log.sweeps.runs(sweepId)).map((r) => r.status)).toEqual(['queued', 'queued']);

      const resumed = rig.start(['sweep', '--resume', String(sweepId), '--queue', redis.url, '--db', db, '--json'], 'data');
      expect(await resumed.exited).toBe(0);
      expect(await queue.isPaused()).toBe(false);
      const detail = JSON.parse(resumed.out().trim().split('\n').at(-1)!) as { status: string; runs: { status: string; executions: { worker: string }[] }[] };
      expect(detail.status).toBe('completed');
      expect(detail.runs.map((r) => [r.status, r.executions.map((e) => e.worker)])).toEqual([['completed', ['w']], ['completed', ['w']]]);
      expect((await log.sweeps.get(sweepId))?.status).toBe('completed');
      worker.child.kill('SIGINT');
      expect(await worker.exited).toBe(0);
    } finally {
      await queue.close();
      await log.close();
    }
  }, 480_000);
});
