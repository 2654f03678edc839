// Runs in: Electron main. Starts the trainer as an Electron utilityProcess (the app's equivalent of a fork).
import { utilityProcess } from 'electron';
import type { TrainerLauncher } from '../../backend/training/trainer-launcher';
import { CoreShares, sharingCores } from '../../backend/training/core-shares';
import type { TrainerToManager } from '../../core/trainer-protocol';

/** Runs training at once share the machine's cores (core-shares.ts). */
export function utilityTrainerLauncher(entryPath: string): TrainerLauncher {
  return sharingCores(() => {
    const child = utilityProcess.fork(entryPath, [], {
      serviceName: 'Seqlab trainer',
      stdio: 'inherit',
      env: { ...process.env, UV_THREADPOOL_SIZE: '1', OMP_NUM_THREADS: '1', TF_CPP_MIN_LOG_LEVEL: '2' },
    });
    return {
      get pid() {
        return child.pid;
      },
      // Messages sent before the process has spawned are queued by Electron.
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message) => listener(message as TrainerToManager)),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    };
  }, new CoreShares());
}
