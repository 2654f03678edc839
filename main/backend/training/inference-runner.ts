// Runs in: main process (plain Node). One prediction with a saved run's model, in a trainer process of its own.
import type { PredictRequest, PredictResults } from '../../core/trainer-protocol';
import { askTrainer } from './one-shot-trainer';
import type { TrainerLauncher } from './trainer-launcher';

/** Loading TensorFlow.js, the file and the model takes seconds; two minutes means something is wrong. */
export const PREDICT_TIMEOUT_MS = 120_000;

export function runPrediction<R extends PredictRequest>(
  launch: TrainerLauncher,
  runDir: string,
  request: R,
  timeoutMs = PREDICT_TIMEOUT_MS,
): Promise<PredictResults[R['task']]> {
  return askTrainer(launch, {
    request: { type: 'predict', runDir, request },
    answer: (message) => (message.type === 'predictions' ? (message.result as PredictResults[R['task']]) : undefined),
    doing: 'predict',
    timeoutMs,
    timeoutAdvice: 'try a smaller file, or try again when the computer is less busy.',
  });
}
