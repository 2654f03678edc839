// Runs in: workers (plain Node). One trial in its own trainer process (the same launcher and protocol as the app's
// runs), written to the shared log under its execution number. The training never runs on the worker's own thread:
// BullMQ renews the trial's lock from that thread, and a CPU-bound trial there stalls it.
import type { RunConfig } from '../../../shared/model/config';
import type { EpochMetrics } from '../../../shared/model/metrics';
import type { ImportOptions } from '../../../shared/model/forecast-data';
import type { RunStatus } from '../../../shared/model/run';
import type { AsyncRunLog } from '../run-log/async-run-log';
import type { TrainerLauncher } from '../training/trainer-launcher';

export interface Trial {
  runId: number;
  execution: number;
  config: RunConfig;
  datasetPath: string;
  datasetFileName: string;
  sha256: string;
  importOptions?: ImportOptions;
  runDir: string;
}

export interface TrialControl {
  onEpoch?(epoch: EpochMetrics): void;
  /** Set by the caller to end the trial now (the worker hands it back): the trainer is killed, nothing more is
   * written. */
  abort?: AbortSignal;
}

/** How a trial ended: its final status, or 'handed-back' when aborted before it finished. */
export type TrialEnd = RunStatus | 'handed-back';

export function runTrial(launch: TrainerLauncher, log: AsyncRunLog, trial: Trial, control: TrialControl = {}): Promise<TrialEnd> {
  const { runId, execution } = trial;
  const handle = launch();
  let status: TrialEnd = 'running';
  // Writes in the order the trainer sent them: epochs before the result, one at a time.
  let writes: Promise<unknown> = Promise.resolve();
  let writeError: Error | null = null;
  const write = (work: () => Promise<unknown>) => {
    writes = writes.then(work).catch((error: Error) => {
      writeError ??= error;
      handle.kill();
    });
  };

  const onAbort = () => {
    status = 'handed-back';
    handle.kill();
  };
  control.abort?.addEventListener('abort', onAbort, { once: true });
  // Aborted while the trial was being prepared (data fetched, folders found): hand it back before it starts.
  if (control.abort?.aborted) onAbort();

  handle.onMessage((message) => {
    if (status === 'handed-back') return;
    switch (message.type) {
      case 'backend':
        write(() => log.setBackend(runId, message.backend));
        break;
      case 'epoch':
        write(async () => {
          await log.addEpoch(runId, message.epoch, execution);
          control.onEpoch?.(message.epoch);
        });
        break;
      case 'model-saved':
        write(() => log.setModelSaved(runId));
        break;
      case 'result':
        status = message.result.status;
        write(() => log.finishRun(runId, message.result, execution));
        break;
      case 'error':
        status = 'failed';
        write(() => log.failRun(runId, message.message, 'failed', execution));
        break;
    }
  });

  return new Promise<TrialEnd>((resolve, reject) => {
    handle.onExit((code) => {
      control.abort?.removeEventListener('abort', onAbort);
      void writes.then(async () => {
        if (status === 'handed-back') return resolve(status);
        if (writeError) return reject(writeError);
        if (status === 'running') {
          // The trainer died without a result: this execution failed; the queue decides whether to try again.
          const reason = `The trainer process exited unexpectedly (${code === null ? 'killed' : `exit code ${code}`})`;
          return reject(new Error(reason));
        }
        resolve(status);
      });
    });
    handle.send({
      type: 'start',
      runId,
      datasetPath: trial.datasetPath,
      datasetFileName: trial.datasetFileName,
      datasetSha256: trial.sha256,
      config: trial.config,
      runDir: trial.runDir,
      importOptions: trial.importOptions,
    });
  });
}
