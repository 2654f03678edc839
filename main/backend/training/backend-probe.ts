// Runs in: main process (plain Node). Which TensorFlow.js backends work on this machine, asked of a short-lived
// trainer process: TensorFlow.js never loads into the main process (it takes a second to import and would sit in
// memory for the app's whole life).
import type { BackendInfo } from '../../../shared/model/run';
import { askTrainer } from './one-shot-trainer';
import type { TrainerLauncher } from './trainer-launcher';

/** Loading TensorFlow.js and initialising its backends takes a few seconds. */
export const PROBE_TIMEOUT_MS = 60_000;

export function probeBackendsInTrainer(launch: TrainerLauncher, timeoutMs = PROBE_TIMEOUT_MS): Promise<BackendInfo> {
  return askTrainer(launch, {
    request: { type: 'probe' },
    answer: (message) => (message.type === 'backends' ? message.info : undefined),
    doing: 'check the TensorFlow.js backends',
    timeoutMs,
    timeoutAdvice: 'try again when the computer is less busy.',
  });
}
