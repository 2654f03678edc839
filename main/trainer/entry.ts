// Runs in: trainer process — Electron's utilityProcess in the app, child_process.fork under plain Node.
// Adapts the two parent channels to one protocol; everything below is plain Node.
import type { ManagerToTrainer, TrainerToManager } from '../core/trainer-protocol';
import { runForecastJob } from './jobs/forecast-job';
import { runTextJob } from './jobs/text-job';
import { processPauseGate } from './jobs/pause-gate';
import { runPrediction } from './jobs/predict-job';
import { runExplanation, runInspection } from './jobs/inspect-job';
import { messageOf } from '../../shared/util/errors';
import { probeBackends } from './tfjs-backend';

/** The part of Electron's utilityProcess `process.parentPort` we use (only main/hosts/electron imports electron). */
interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

interface ParentChannel {
  send(message: TrainerToManager): void;
  onMessage(listener: (message: ManagerToTrainer) => void): void;
  /** Resolves once every message sent so far has been handed to the parent. */
  flushed(): Promise<void>;
}

function parentChannel(): ParentChannel {
  // Electron's utilityProcess exposes process.parentPort; a forked Node child has process.send.
  const parentPort = (process as unknown as { parentPort?: UtilityParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ManagerToTrainer)),
      // postMessage queues on Electron's port, which has no completion callback: allow it a moment.
      flushed: () => new Promise((resolve) => setTimeout(resolve, 50)),
    };
  }
  if (process.send) {
    // process.send is asynchronous: a result of several MB (the test predictions) can still be in the pipe when
    // the job ends. Exiting then loses it (seen on a loaded machine: "exited unexpectedly (exit code 0)"), so
    // count the messages in flight and let exit wait for them.
    let inFlight = 0;
    let waiters: (() => void)[] = [];
    const settle = () => {
      if (inFlight > 0) return;
      for (const resolve of waiters) resolve();
      waiters = [];
    };
    return {
      send: (message) => {
        inFlight += 1;
        process.send?.(message, undefined, undefined, () => {
          inFlight -= 1;
          settle();
        });
      },
      onMessage: (listener) => process.on('message', (message) => listener(message as ManagerToTrainer)),
      flushed: () =>
        new Promise((resolve) => {
          waiters.push(resolve);
          settle();
        }),
    };
  }
  throw new Error('The trainer must be started by Seqlab (no parent process channel).');
}

const channel = parentChannel();

// Ctrl-C in a terminal signals the whole process group; the parent decides what happens (a cooperative stop that
// still scores the run), so the trainer must not die on the same signal.
process.on('SIGINT', () => {});
// A parent that is gone (killed, crashed) can no longer log anything: stop rather than train for nobody.
process.on('disconnect', () => process.exit(0));
let stopRequested = false;
let started = false;

function exitSoon(): void {
  // Exit only once the last messages (the result above all) have reached the parent.
  void channel.flushed().then(() => process.exit(0));
}

channel.onMessage((message) => {
  if (message.type === 'stop') {
    stopRequested = true;
    // A paused run must wake up to see the stop.
    processPauseGate.resume();
    return;
  }
  if (message.type === 'pause') {
    if (!stopRequested) processPauseGate.pause();
    return;
  }
  if (message.type === 'resume') {
    processPauseGate.resume();
    return;
  }
  if (message.type === 'predict' && !started) {
    started = true;
    runPrediction(message.runDir, message.request)
      .then((result) => channel.send({ type: 'predictions', result }))
      .catch((error: unknown) => channel.send({ type: 'error', message: messageOf(error) }))
      .finally(exitSoon);
    return;
  }
  if (message.type === 'inspect' && !started) {
    started = true;
    runInspection(message.runDir, message.request)
      .then((result) => channel.send({ type: 'inspection', result }))
      .catch((error: unknown) => channel.send({ type: 'error', message: messageOf(error) }))
      .finally(exitSoon);
    return;
  }
  if (message.type === 'explain' && !started) {
    started = true;
    runExplanation(message.runDir, message.request)
      .then((result) => channel.send({ type: 'explanation', result }))
      .catch((error: unknown) => channel.send({ type: 'error', message: messageOf(error) }))
      .finally(exitSoon);
    return;
  }
  if (message.type === 'probe' && !started) {
    started = true;
    probeBackends()
      .then((info) => channel.send({ type: 'backends', info }))
      .catch((error: unknown) => channel.send({ type: 'error', message: messageOf(error) }))
      .finally(exitSoon);
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
      .finally(exitSoon);
  }
});
