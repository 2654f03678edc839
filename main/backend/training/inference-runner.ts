// Runs in: main process (plain Node). One prediction with a saved run's model, in a trainer process of its own
// (TensorFlow.js must not block the main loop): send the request, wait for the one answer, always end the process.
import { UserError } from '../../../shared/util/errors';
import type { PredictRequest, PredictResults } from '../../core/trainer-protocol';
import type { TrainerHandle, TrainerLauncher } from './trainer-launcher';

/** Loading TensorFlow.js, the file and the model takes seconds; two minutes means something is wrong. */
export const PREDICT_TIMEOUT_MS = 120_000;

export function runPrediction<R extends PredictRequest>(
  launch: TrainerLauncher,
  runDir: string,
  request: R,
  timeoutMs = PREDICT_TIMEOUT_MS,
): Promise<PredictResults[R['task']]> {
  let handle: TrainerHandle;
  try {
    handle = launch();
  } catch (error) {
    return Promise.reject(new UserError(`Could not start a process to predict with: ${(error as Error).message}`));
  }
  return new Promise<PredictResults[R['task']]>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      handle.kill();
      outcome();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new UserError(
              `Predicting took longer than ${timeoutMs / 1000} s and was cancelled: try a smaller file, or try again when the computer is less busy.`,
            ),
          ),
        ),
      timeoutMs,
    );
    handle.onMessage((message) => {
      if (message.type === 'predictions') finish(() => resolve(message.result as PredictResults[R['task']]));
      // The trainer's messages are already written for the user (or say "Internal error: ...").
      else if (message.type === 'error') finish(() => reject(new UserError(message.message)));
    });
    handle.onExit((code) => {
      finish(() =>
        reject(new UserError(`The prediction process ended without an answer (${code === null ? 'killed' : `exit code ${code}`}): try again.`)),
      );
    });
    handle.send({ type: 'predict', runDir, request });
  });
}
