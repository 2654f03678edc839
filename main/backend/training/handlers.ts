// Runs in: main process (plain Node). The training feature's API handlers: which backends work, start, stop, pause
// and resume a run.
import type { RunConfig } from '../../../shared/model/config';
import type { BackendInfo } from '../../../shared/model/run';
import { UserError } from '../../../shared/util/errors';
import type { Handlers } from '../api/handlers';
import type { BackendContext } from '../context';
import { probeBackendsInTrainer } from './backend-probe';
import { startRun, type RunOrigin } from './start-run';

export function trainingHandlers(ctx: BackendContext) {
  let backendInfo: Promise<BackendInfo> | undefined;
  return {
    getBackendInfo(): Promise<BackendInfo> {
      // Asked once, of a trainer process: TensorFlow.js takes a second to load, which start-up should not pay, and
      // never loads into the main process. A failed probe is asked again next time.
      backendInfo ??= probeBackendsInTrainer(ctx.launcher).catch((error: unknown) => {
        backendInfo = undefined;
        throw error;
      });
      return backendInfo;
    },

    /** `origin` is for the backend's own callers (sweeps, reruns); the API passes the config alone. */
    async startTraining(config: RunConfig, origin?: RunOrigin): Promise<{ runId: number }> {
      return startRun(ctx, config, origin);
    },

    async stopTraining(runId: number): Promise<void> {
      if (!ctx.training.stop(runId)) throw new UserError(`Run ${runId} is not training.`);
    },

    async pauseTraining(runId: number): Promise<void> {
      if (!ctx.training.pause(runId)) throw new UserError(`Run ${runId} is not training, so there is nothing to pause.`);
    },

    async resumeTraining(runId: number): Promise<void> {
      if (!ctx.training.resume(runId)) throw new UserError(`Run ${runId} is not training, so there is nothing to resume.`);
    },
  } satisfies Partial<Handlers>;
}
