// Runs in: main process (plain Node). The sweep handlers when the app may hand sweeps to workers: a sweep whose spec
// says runOn 'workers' goes to the queue (queue-sweeps.ts), any other to this machine's sweep runner; Stop, Resume
// and the detail follow where the sweep runs. getQueueInfo tells the window whether a queue is connected.
import type { QueueInfo, SweepDetail, SweepSpec } from '../../../shared/model/experiments';
import { UserError } from '../../../shared/util/errors';
import type { Handlers } from '../api/handlers';
import type { experimentHandlers } from '../experiments/handlers';
import type { QueueSweeps } from './queue-sweeps';

type SweepHandlers = Pick<ReturnType<typeof experimentHandlers>, 'startSweep' | 'stopSweep' | 'resumeSweep' | 'getSweep'>;

export const NO_QUEUE =
  'No queue is connected: start Seqlab with --queue redis://HOST:PORT (npm run serve -- --queue ..., or the desktop app with --queue ...) to run sweeps on workers.';

export function queueHandlers(local: SweepHandlers, queue: QueueSweeps | null) {
  /** Stop and resume of a sweep on workers need the queue; without one they say so rather than act locally. */
  const onWorkers = async (sweepId: number): Promise<boolean> => {
    if (queue) return queue.owns(sweepId);
    if ((await local.getSweep(sweepId)).spec.runOn === 'workers') throw new UserError(`Sweep ${sweepId} runs on workers. ${NO_QUEUE}`);
    return false;
  };
  return {
    async getQueueInfo(): Promise<QueueInfo> {
      return queue ? { connected: true, where: queue.where } : { connected: false, where: null };
    },

    async startSweep(spec: SweepSpec): Promise<{ sweepId: number }> {
      if (spec.runOn !== 'workers') return local.startSweep(spec);
      if (!queue) throw new UserError(NO_QUEUE);
      return queue.start(spec);
    },

    async stopSweep(sweepId: number): Promise<void> {
      return (await onWorkers(sweepId)) ? queue!.stop(sweepId) : local.stopSweep(sweepId);
    },

    async resumeSweep(sweepId: number): Promise<void> {
      return (await onWorkers(sweepId)) ? queue!.resume(sweepId) : local.resumeSweep(sweepId);
    },

    async getSweep(sweepId: number): Promise<SweepDetail> {
      const detail = await local.getSweep(sweepId);
      return queue && detail.spec.runOn === 'workers' ? queue.withTrials(detail) : detail;
    },
  } satisfies Partial<Handlers>;
}
