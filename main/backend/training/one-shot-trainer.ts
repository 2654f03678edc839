// Runs in: main process (plain Node). One question to a trainer process of its own (a prediction, the backend probe):
// TensorFlow.js must not load into, or block, the main process. Send the request, wait for the one answer, always
// end the process; a process that dies, errs or takes too long becomes a message for the user.
import { UserError } from '../../../shared/util/errors';
import type { ManagerToTrainer, TrainerToManager } from '../../core/trainer-protocol';
import type { TrainerHandle, TrainerLauncher } from './trainer-launcher';

export interface OneShotQuestion<T> {
  request: ManagerToTrainer;
  /** The answer in a trainer message, or undefined when the message is not the answer. */
  answer(message: TrainerToManager): T | undefined;
  /** What the user is told, e.g. "predict" in "Could not start a process to predict". */
  doing: string;
  timeoutMs: number;
  /** What to try when it took too long. */
  timeoutAdvice: string;
}

export function askTrainer<T>(launch: TrainerLauncher, question: OneShotQuestion<T>): Promise<T> {
  let handle: TrainerHandle;
  try {
    handle = launch();
  } catch (error) {
    return Promise.reject(new UserError(`Could not start a process to ${question.doing}: ${(error as Error).message}`));
  }
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      handle.kill();
      outcome();
    };
    const seconds = question.timeoutMs / 1000;
    const timer = setTimeout(
      () => finish(() => reject(new UserError(`Trying to ${question.doing} took longer than ${seconds} s and was cancelled: ${question.timeoutAdvice}`))),
      question.timeoutMs,
    );
    handle.onMessage((message) => {
      const answer = question.answer(message);
      if (answer !== undefined) finish(() => resolve(answer));
      // The trainer's messages are already written for the user (or say "Internal error: ...").
      else if (message.type === 'error') finish(() => reject(new UserError(message.message)));
    });
    handle.onExit((code) => {
      finish(() =>
        reject(new UserError(`The process asked to ${question.doing} ended without an answer (${code === null ? 'killed' : `exit code ${code}`}): try again.`)),
      );
    });
    handle.send(question.request);
  });
}
