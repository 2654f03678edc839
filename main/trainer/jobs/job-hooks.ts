// Runs in: trainer process. The training hooks every job uses: the chosen backend, epochs and progress go to the
// manager, the manager's stop request is polled between batches, and a pause waits there.
import type { TrainHooks } from '../fit-loop';
import { processPauseGate, type PauseGate } from './pause-gate';
import type { TrainerToManager } from '../../core/trainer-protocol';

export function hooksReportingTo(
  send: (message: TrainerToManager) => void,
  shouldStop: () => boolean,
  pause: PauseGate = processPauseGate,
): TrainHooks {
  return {
    onBackend: (backend, notes) => send({ type: 'backend', backend, notes }),
    onEpoch: (epoch) => send({ type: 'epoch', epoch }),
    onProgress: (epoch, batch, batches) => send({ type: 'progress', epoch, batch, batches }),
    shouldStop,
    waitWhilePaused: () => pause.wait(),
  };
}
