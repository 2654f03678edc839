// Runs in: main process (plain Node). How a trainer process is started: an interface, and the child_process version.
// Electron's utilityProcess version lives in main/app (the only place that may import electron).
import { fork } from 'node:child_process';
import type { ManagerToTrainer, TrainerToManager } from '../../core/trainer-protocol';
import { CoreShares, sharingCores } from './core-shares';

export interface TrainerHandle {
  send(message: ManagerToTrainer): void;
  onMessage(listener: (message: TrainerToManager) => void): void;
  /** Called once when the process is gone, with its exit code (null when killed by a signal). */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

export type TrainerLauncher = () => TrainerHandle;

/** Fork the built trainer entry under plain Node (tests, browser mode, CLI); its runs share `shares`' cores. */
export function forkTrainerLauncher(entryPath: string, shares = new CoreShares()): TrainerLauncher {
  return sharingCores(() => {
    // One thread for the trainer leaves the other core to the UI and the server (see the guide).
    const child = fork(entryPath, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, UV_THREADPOOL_SIZE: '1', OMP_NUM_THREADS: '1', TF_CPP_MIN_LOG_LEVEL: '2' },
      serialization: 'advanced',
    });
    return {
      pid: child.pid,
      send: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as TrainerToManager)),
      // 'close', not 'exit': 'exit' can arrive before the last IPC messages are read, and a run whose result
      // message is still queued would be marked failed.
      onExit: (listener) => child.once('close', (code) => listener(code)),
      kill: () => child.kill('SIGKILL'),
    };
  }, shares);
}
