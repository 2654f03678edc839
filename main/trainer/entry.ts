// Runs in: trainer process — Electron's utilityProcess in the app, child_process.fork under plain Node.
// Adapts the two parent channels to one protocol; everything below is plain Node.
import type { ManagerToTrainer, TrainerToManager } from './protocol';
import { runForecastJob } from './run-forecast-job';
import { runTextJob } from './text/run-text-job';
import { messageOf } from '../../shared/errors';

/** The part of Electron's utilityProcess `process.parentPort` we use (no electron import below main/app). */
interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

interface ParentChannel {
  send(message: TrainerToManager): void;
  onMessage(listener: (message: ManagerToTrainer) => void): void;
}

function parentChannel(): ParentChannel {
  // Electron's utilityProcess exposes process.parentPort; a forked Node child has process.send.
  const parentPort = (process as unknown as { parentPort?: UtilityParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ManagerToTrainer)),
    };
  }
  if (process.send) {
    return {
      send: (message) => process.send?.(message),
      onMessage: (listener) => process.on('message', (message) => listener(message as ManagerToTrainer)),
    };
  }
  throw new Error('The trainer must be started by Seqlab (no parent process channel).');
}

const channel = parentChannel();
let stopRequested = false;
let started = false;

channel.onMessage((message) => {
  if (message.type === 'stop') {
    stopRequested = true;
    return;
  }
  if (message.type === 'start' && !started) {
    started = true;
    const shouldStop = () => stopRequested;
    const job =
      message.config.task === 'text'
        ? runTextJob({ ...message, config: message.config }, channel.send, shouldStop)
        : runForecastJob({ ...message, config: message.config }, channel.send, shouldStop);
    job
      .catch((error: unknown) => channel.send({ type: 'error', message: messageOf(error) }))
      // Leave a moment for the last message to flush before the process ends on its own.
      .finally(() => setTimeout(() => process.exit(0), 50));
  }
});
