// Runs in: vitest (Node), against the built CLI as real processes, a real Redis (with its append-only file, as a
// queue's Redis should run) and a real PostgreSQL. Redis crashes and comes back mid-trial: the worker and the
// submitter reconnect by themselves and progress carries on. Then Ctrl-C twice hands the worker's trial back: its
// execution is recorded as abandoned, the run is queued again, and a second worker finishes it.
import { describe, expect, it } from 'vitest';
import { KyselyRunLog } from '../../main/backend/run-log/kysely/kysely-run-log';
import { until } from '../support/cli-process';
import { useQueueRig } from '../support/queue-rig';

describe('a sweep through a Redis restart and a handed-back trial', () => {
  const rig = useQueueRig({ persistent: true });

  it('reconnects after Redis restarts, and a trial handed back is finished by another worker', async () => {
    const { redis, dbUrl } = rig;
    const config = rig.sweepFile({
      name: 'queue reconnect',
      base: { task: 'forecast', target: 'Temperature (C)', epochs: 100, window: 24, hiddenUnits: 32, backend: 'wasm', threads: 1 },
      mode: 'grid',
      values: { cell: ['GRU'] },
    });
    // 100 epochs: long enough, on a fast machine too, for the restart and the hand-back to land mid-trial.
    const sweep = rig.start(['sweep', '--config', config, '--queue', redis.url, '--db', dbUrl], 'submitter');
    await until('the trials to be queued', () => /1 trial queued/.test(sweep.out()), 120_000, sweep);
    const a = rig.start(['worker', '--queue', redis.url, '--db', dbUrl, '--name', 'worker-a', '--lock-seconds', '5'], 'worker-a');

    await until('worker-a\'s first epoch', () => /epoch 1\/100 .* on worker-a/.test(sweep.out()), 240_000, sweep);
    const runId = Number(/run (\d+)\s+epoch 1\/100 .* on worker-a/.exec(sweep.out())![1]);
    await redis.restart({ crash: true, downMs: 1500 });
    // Progress after the restart reached the submitter: both ends are connected again.
    const after = sweep.out().length;
    await until('progress after the restart', () => new RegExp(`run ${runId}\\s+epoch \\d+/100 .* on worker-a`).test(sweep.out().slice(after)), 120_000, sweep);

    // Ctrl-C once: finish the trial in hand; twice: hand it back now.
    a.child.kill('SIGINT');
    await until('worker-a to start finishing', () => /finishing the trial in hand/.test(a.out()), 30_000, a);
    a.child.kill('SIGINT');
    expect(await a.exited).toBe(0);
    expect(a.out()).toContain(`run ${runId}: handed back to the queue`);

    const log = await KyselyRunLog.open(dbUrl);
    try {
      expect((await log.getSummary(runId)).status).toBe('queued');
      expect((await log.executions(runId)).map((e) => e.outcome)).toEqual(['abandoned']);

      const b = rig.start(['worker', '--queue', redis.url, '--db', dbUrl, '--name', 'worker-b'], 'worker-b');
      expect(await sweep.exited).toBe(0);
      b.child.kill('SIGINT');
      expect(await b.exited).toBe(0);

      expect(await log.getSummary(runId)).toMatchObject({ status: 'completed', epochsRun: 100 });
      expect((await log.executions(runId)).map(({ worker, outcome }) => ({ worker, outcome }))).toEqual([
        { worker: 'worker-a', outcome: 'abandoned' },
        { worker: 'worker-b', outcome: 'completed' },
      ]);
      expect((await log.getEpochs(runId)).map((e) => e.epoch)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    } finally {
      await log.close();
    }
    expect(sweep.out()).toMatch(new RegExp(`run ${runId}\\s+completed\\s+on worker-b`));
  }, 480_000);
});
