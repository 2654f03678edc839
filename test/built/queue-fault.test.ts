// Runs in: vitest (Node), against the built CLI as real processes, a real Redis and a real PostgreSQL. A 4-trial sweep
// goes through the queue to two workers; one is SIGKILLed at its first progress event. Another worker retries its
// trial once the lock expires: all 4 runs complete, that run has two executions (the first abandoned), no epoch is
// duplicated, the submitter showed live progress, `seqlab runs --db postgres://... --json` lists the runs, and no
// process printed a password (Redis's or PostgreSQL's).
import { describe, expect, it } from 'vitest';
import { KyselyRunLog } from '../../main/backend/run-log/kysely/kysely-run-log';
import type { RunSummary } from '../../shared/model/run';
import { seqlab } from '../support/built';
import { until } from '../support/cli-process';
import { useQueueRig } from '../support/queue-rig';

const REDIS_PASSWORD = 'queue-Secret-42';

describe('a sweep on two workers, one killed mid-trial', () => {
  // Both servers with passwords, as a team's would be: neither may ever be printed.
  const rig = useQueueRig({ password: REDIS_PASSWORD });

  it('retries the killed worker\'s trial elsewhere and finalises every run once', async () => {
    const { redis, dbUrl } = rig;
    const config = rig.sweepFile({
      name: 'queue fault',
      base: { task: 'forecast', target: 'Temperature (C)', epochs: 3, window: 12, batchSize: 64, backend: 'wasm' },
      mode: 'grid',
      values: { hiddenUnits: [8, 16], cell: ['SimpleRNN', 'GRU'] },
    });
    // Each process keeps its caches (datasets, run files) in its own folder, as separate machines would.
    const sweep = rig.start(['sweep', '--config', config, '--queue', redis.url, '--db', dbUrl], 'submitter');
    await until('the trials to be queued', () => /4 trials queued/.test(sweep.out()), 120_000, sweep);

    const workerArgs = (name: string) => ['worker', '--queue', redis.url, '--db', dbUrl, '--name', name, '--lock-seconds', '3'];
    const a = rig.start(workerArgs('worker-a'), 'worker-a');
    const b = rig.start(workerArgs('worker-b'), 'worker-b');

    // worker-a's first progress event, as the submitter sees it live.
    await until('worker-a\'s first progress event', () => /epoch 1\/3 .* on worker-a/.test(sweep.out()), 240_000, sweep);
    const killedRun = Number(/run (\d+)\s+epoch 1\/3 .* on worker-a/.exec(sweep.out())![1]);
    a.child.kill('SIGKILL');
    expect(await a.exited).toBeNull();

    expect(await sweep.exited).toBe(0);
    b.child.kill('SIGINT');
    expect(await b.exited).toBe(0);

    const log = await KyselyRunLog.open(dbUrl);
    try {
      const sweepId = Number(/sweep (\d+):/.exec(sweep.out())![1]);
      const runs = await log.sweeps.runs(sweepId);
      expect(runs).toHaveLength(4);
      expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
      // The killed trial: worker-a's execution abandoned, then finished by worker-b.
      const executions = await log.executions(killedRun);
      expect(executions.map(({ worker, outcome }) => ({ worker, outcome }))).toEqual([
        { worker: 'worker-a', outcome: 'abandoned' },
        { worker: 'worker-b', outcome: 'completed' },
      ]);
      for (const run of runs) {
        if (run.id === killedRun) continue;
        expect((await log.executions(run.id)).map((e) => e.outcome)).toEqual(['completed']);
      }
      // Every run shows exactly its epochs 1..3, once each.
      for (const run of runs) {
        expect((await log.getEpochs(run.id)).map((e) => e.epoch)).toEqual([1, 2, 3]);
        expect((await log.getSummary(run.id)).epochsRun).toBe(3);
      }
    } finally {
      await log.close();
    }

    // Live progress for every run, and which worker finished each.
    for (const line of ['epoch 1/3', 'epoch 3/3']) expect(sweep.out()).toContain(line);
    expect(sweep.out()).toMatch(new RegExp(`run ${killedRun}\\s+completed\\s+on worker-b`));

    const listed = seqlab('runs', '--db', dbUrl, '--json');
    expect(listed.code).toBe(0);
    const list = JSON.parse(listed.stdout) as RunSummary[];
    expect(list.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed']);

    for (const password of [new URL(dbUrl).password, REDIS_PASSWORD]) {
      for (const p of [sweep, a, b]) expect(p.out()).not.toContain(password);
      expect(listed.stdout + listed.stderr).not.toContain(password);
    }
    // What the processes did say about the servers, with the secrets masked.
    expect(a.out()).toContain(`taking trials from redis://:***@127.0.0.1:${redis.port}`);
  }, 480_000);
});
