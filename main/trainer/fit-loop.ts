// Runs in: trainer process (plain Node). The epoch/batch loop: seeded shuffling, progress, cooperative stop.
import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics } from '../../shared/model/metrics';
import { UserError } from '../../shared/util/errors';
import { meanSquaredError, predictScaled, yieldToEventLoop } from './predict';
import { EarlyStopping, type EarlyStoppingOptions } from './early-stopping';
import { createRng, identityOrder, shuffleInPlace } from '../core/rng';
import { gatherBatch, type WindowSet } from '../core/forecast/windowing';
import { fusedNetFor, syncFusedNet } from './fused/fused-net';

export interface TrainHooks {
  /** Called once, when the backend the run trains on has been chosen (before the data reaches it). */
  onBackend?(name: string, notes: string[]): void;
  onEpoch?(metrics: EpochMetrics): void;
  /** Throttled to at most one call per PROGRESS_INTERVAL_MS. `batch` is 1-based. */
  onProgress?(epoch: number, batch: number, batches: number): void;
  /**
   * Polled after every batch; when it returns true training stops, keeping the weights learned so far
   * (with early stopping on: the best epoch's weights).
   */
  shouldStop?(): boolean;
  /**
   * Called after every batch, before `shouldStop`: while the run is paused it resolves only on resume (or stop),
   * with the milliseconds it waited, which the epoch's seconds leave out.
   */
  waitWhilePaused?(): Promise<number>;
}

export interface FitOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  /** When set, training ends once the validation loss stops improving, and the best epoch's weights are kept. */
  earlyStopping?: EarlyStoppingOptions;
}

export interface FitOutcome {
  stopped: boolean;
  /** Completed epochs only (a stopped, partial epoch is not reported). */
  epochs: EpochMetrics[];
  /** Wall time of the whole loop, validation included, time spent paused excluded. */
  seconds: number;
  /** Time spent in training steps only (the figure samples/s is computed from). */
  stepSeconds: number;
  samplesTrained: number;
  /**
   * The 1-based epoch whose weights the model holds at the end: the best one with early stopping, else the last;
   * null when a stop came mid-epoch without early stopping (the weights are from a partial epoch).
   */
  bestEpoch: number | null;
  /** Early stopping ended training before the last epoch. */
  stoppedEarly: boolean;
  /** Scaled validation predictions of the final weights when the last epoch completed (saves a pass), else null. */
  validationPredictions: Float32Array | null;
}

export const PROGRESS_INTERVAL_MS = 200;
// Stop requests arrive as messages; the event loop must turn at least this often to see them.
const YIELD_INTERVAL_MS = 50;

/** One optimizer step on the windows order[from, from + size); returns the batch's mean loss. */
export async function trainBatch(
  model: tf.LayersModel,
  set: WindowSet,
  order: Uint32Array,
  from: number,
  size: number,
): Promise<number> {
  const batch = gatherBatch(set, order, from, from + size);
  const net = fusedNetFor(model);
  if (net) return net.trainStep(batch.x, batch.y, size);
  const xs = tf.tensor3d(batch.x, [size, set.window, set.features]);
  const ys = tf.tensor2d(batch.y, [size, set.horizon]);
  try {
    return (await model.trainOnBatch(xs, ys)) as number;
  } finally {
    tf.dispose([xs, ys]);
  }
}

export async function fitWindows(
  model: tf.LayersModel,
  train: WindowSet,
  validation: WindowSet,
  options: FitOptions,
  hooks: TrainHooks = {},
): Promise<FitOutcome> {
  let validationPredictions: Float32Array | null = null;
  const outcome = await fitBatches(
    model,
    { count: train.count, step: (order, from, size) => trainBatch(model, train, order, from, size) },
    async () => {
      validationPredictions = await predictScaled(model, validation);
      return meanSquaredError(validationPredictions, validation.y);
    },
    options,
    hooks,
  );
  // The last validation pass describes the final weights; after a stop or a restore it describes other ones.
  const current = !outcome.stopped && outcome.bestEpoch === outcome.epochs.at(-1)?.epoch;
  return { ...outcome, validationPredictions: current ? validationPredictions : null };
}

/** What the loop needs from a task: how many training examples, and one optimizer step on order[from, from + size). */
export interface BatchSource {
  count: number;
  step(order: Uint32Array, from: number, size: number): Promise<number>;
}

/** The task-independent loop (forecast windows, text sequences): `validate` returns the epoch's validation loss. */
export async function fitBatches(
  model: tf.LayersModel,
  train: BatchSource,
  validate: () => Promise<number | null>,
  options: FitOptions,
  hooks: TrainHooks = {},
): Promise<Omit<FitOutcome, 'validationPredictions'>> {
  const started = performance.now();
  const random = createRng(options.seed);
  const order = identityOrder(train.count);
  const batches = Math.ceil(train.count / options.batchSize);
  const epochs: EpochMetrics[] = [];
  let stepMs = 0;
  let samplesTrained = 0;
  let lastProgress = 0;
  let lastYield = performance.now();
  let stopped = false;
  let stoppedEarly = false;
  let pausedMs = 0;
  const early = options.earlyStopping ? new EarlyStopping(options.earlyStopping) : null;

  try {
    for (let epoch = 1; epoch <= options.epochs && !stopped; epoch++) {
      const epochStart = performance.now();
      const pausedBefore = pausedMs;
      shuffleInPlace(order, random);
      let lossSum = 0;
      for (let b = 0; b < batches; b++) {
        const stepStart = performance.now();
        const from = b * options.batchSize;
        const size = Math.min(options.batchSize, train.count - from);
        const loss = await train.step(order, from, size);
        if (!Number.isFinite(loss)) {
          throw new UserError(
            `Training diverged: the loss became ${loss} in epoch ${epoch}, batch ${b + 1}: lower the learning rate and train again.`,
          );
        }
        const now = performance.now();
        stepMs += now - stepStart;
        samplesTrained += size;
        lossSum += loss * size;

        if (hooks.onProgress && now - lastProgress >= PROGRESS_INTERVAL_MS) {
          lastProgress = now;
          hooks.onProgress(epoch, b + 1, batches);
        }
        if (now - lastYield >= YIELD_INTERVAL_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
        if (hooks.waitWhilePaused) {
          pausedMs += await hooks.waitWhilePaused();
          lastYield = performance.now();
        }
        if (hooks.shouldStop?.()) {
          stopped = true;
          break;
        }
      }
      // The whole-model fused net (if the model has one) trained in its own memory: hand the weights back.
      syncFusedNet(model);
      if (stopped) break;
      const valLoss = await validate();
      const metrics: EpochMetrics = {
        epoch,
        loss: lossSum / train.count,
        valLoss,
        seconds: (performance.now() - epochStart - (pausedMs - pausedBefore)) / 1000,
      };
      epochs.push(metrics);
      hooks.onEpoch?.(metrics);
      if (early?.observe(model, epoch, valLoss)) {
        stoppedEarly = epoch < options.epochs;
        break;
      }
    }
  } catch (error) {
    early?.dispose();
    throw error;
  }
  let bestEpoch: number | null = stopped ? null : (epochs.at(-1)?.epoch ?? null);
  if (early?.restore(model)) bestEpoch = early.bestEpoch;
  return {
    stopped,
    bestEpoch,
    stoppedEarly,
    epochs,
    seconds: (performance.now() - started - pausedMs) / 1000,
    stepSeconds: stepMs / 1000,
    samplesTrained,
  };
}
