// Runs in: plain Node (npm run bench -- agreement). Backs the claim that each fused path computes what TensorFlow.js'
// own op-by-op layers compute: per bench model, (1) the forward pass of the whole-model fused net against tfjs' layers
// holding the very same weights, on the same validation windows, and (2) test MAE (°C, as the app reports it) after
// training the same few epochs from the same initial weights and batch order three ways: tfjs' layers, the fused net
// on one thread, on two. Training goes through the app's own fit loop (fitWindows) and scoring (evaluateWindows).
import { loadavg } from 'node:os';
import type * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from '../../shared/model/config';
import { initBackend } from '../trainer/tfjs-backend';
import { fitWindows } from '../trainer/fit-loop';
import { createEvaluationContext, evaluateWindows } from '../trainer/evaluate';
import { buildForecastModel, forecastModelSpec } from '../trainer/model';
import { predictScaled } from '../trainer/predict';
import { fusedNetFor } from '../trainer/fused/fused-net';
import { prepareForecastData, type PreparedData } from '../core/forecast/prepare-data';
import { rowCount, type ForecastSeries } from '../core/forecast/forecast-series';
import { invertZScore } from '../core/forecast/scaling';
import { untransformForecasts } from '../core/forecast/target-transform';
import type { WindowSet } from '../core/forecast/windowing';
import { UserError } from '../../shared/util/errors';
import { MODELS, benchForecastConfig, type BenchModel } from './bench-train';

// Validation windows the forward pass is compared on (the net predicts them in several inference chunks).
const FORWARD_WINDOWS = 1024;
export interface BenchAgreementOptions {
  /** Rows from the start of the (time-sorted) data the runs use. */
  rows: number;
  window: number;
  epochs: number;
  backend?: BackendChoice;
  /** Only these models; default all of the train bench's. */
  models?: readonly string[];
}

/** How far `actual` is from `expected`, the reference. */
export interface Difference {
  maxAbs: number;
  /**
   * max |a - b| / max |b|: the largest difference relative to the reference's scale (as the fused-net tests measure
   * their 1e-4), so outputs near zero, where float rounding is all that is left, do not dominate.
   */
  maxRel: number;
}

export function difference(actual: ArrayLike<number>, expected: ArrayLike<number>): Difference {
  if (actual.length !== expected.length) throw new Error(`Cannot compare ${actual.length} outputs with ${expected.length}`);
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    // NaN must not hide as a zero difference.
    const d = Math.abs(actual[i] - expected[i]);
    maxAbs = Number.isNaN(d) ? NaN : Math.max(maxAbs, d);
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return { maxAbs, maxRel: maxAbs / Math.max(scale, 1e-12) };
}

export const progress = (message: string) => console.error(`agreement: ${message}`);
export const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** The three ways each model trains: tfjs' own layers, the fused net on one thread, on two. */
const WAYS = [
  { key: 'layers', fused: false, threads: 1 },
  { key: 'fused1', fused: true, threads: 1 },
  { key: 'fused2', fused: true, threads: 2 },
] as const;

type Way = (typeof WAYS)[number];

/**
 * Trains a model each of the WAYS from the same `initial` weights (the op-by-op one is `reference` itself, the others
 * built fresh and freed after): `train` fits it one way and returns its test score and training seconds. After the
 * op-by-op way, `afterLayers` runs while the reference holds the weights it ended training with. Returns the scores
 * and seconds by way (rounded for the record) and the threads the two-thread way really used.
 */
export async function trainEachWay(
  name: string, reference: tf.LayersModel, initial: tf.Tensor[], build: (fused: boolean, threads: number) => tf.LayersModel,
  train: (model: tf.LayersModel, way: Way) => Promise<{ score: number; seconds: number }>, afterLayers: () => Promise<void>,
): Promise<{ scores: Record<string, number>; seconds: Record<string, number>; fused2Threads: number }> {
  const scores: Record<string, number> = {};
  const seconds: Record<string, number> = {};
  let fused2Threads = 0;
  for (const way of WAYS) {
    const model = way.key === 'layers' ? reference : build(way.fused, way.threads);
    try {
      model.setWeights(initial);
      const net = fusedNetFor(model);
      if (way.fused !== (net !== null)) throw new Error(`${name} (${way.key}) did not take the ${way.fused ? 'fused' : 'op-by-op'} path`);
      if (way.key === 'fused2') fused2Threads = net?.threads ?? 0;
      const result = await train(model, way);
      scores[way.key] = round(result.score, 4);
      seconds[way.key] = round(result.seconds, 2);
      if (way.key === 'layers') await afterLayers();
    } finally {
      if (model !== reference) disposeModel(model);
    }
  }
  return { scores, seconds, fused2Threads };
}

export async function benchAgreement(series: ForecastSeries, opts: BenchAgreementOptions): Promise<Record<string, unknown>[]> {
  for (const [name, value] of Object.entries({ rows: opts.rows, window: opts.window, epochs: opts.epochs })) {
    if (!Number.isInteger(value) || value < 1) throw new UserError(`--${name} must be a whole number of at least 1 (got ${value}).`);
  }
  const backend = await initBackend(opts.backend ?? 'auto');
  const records: Record<string, unknown>[] = [];
  for (const spec of MODELS.filter((candidate) => !opts.models || opts.models.includes(candidate.model))) {
    records.push({ ...(await agreementOf(spec, series, opts)), backend: backend.name });
  }
  return records;
}

function firstRows(series: ForecastSeries, rows: number): ForecastSeries {
  const columns = Object.fromEntries(Object.entries(series.columns).map(([name, values]) => [name, values.subarray(0, rows)]));
  return { ...series, columns, times: series.times?.subarray(0, rows) ?? null };
}

async function agreementOf(spec: BenchModel, fullSeries: ForecastSeries, opts: BenchAgreementOptions): Promise<Record<string, unknown>> {
  const series = firstRows(fullSeries, opts.rows);
  // The app's defaults (batches of 64 included), as a forecast run from the form would train.
  const config = benchForecastConfig(opts.window, {
    epochs: opts.epochs,
    cell: spec.cell,
    layers: spec.layers,
    bidirectional: spec.bidirectional ?? false,
    dropout: spec.dropout ?? 0,
  });
  const data = prepareForecastData(series, config);
  const build = (fused: boolean, threads: number) =>
    buildForecastModel({ ...forecastModelSpec(config, data.featureNames.length), fused, threads });

  // Every way starts from the op-by-op model's initial weights (kept as copies: training overwrites the variables).
  const reference = build(false, 1);
  const initial = reference.getWeights().map((w) => w.clone());
  let forward: Difference = { maxAbs: NaN, maxRel: NaN };
  let forwardTrained: Difference = { maxAbs: NaN, maxRel: NaN };
  let ways: Awaited<ReturnType<typeof trainEachWay>>;
  let forwardSeconds: number;
  try {
    const started = performance.now();
    reference.setWeights(initial);
    forward = await forwardDifference(reference, build(true, 1), initial, data.sets.validation);
    forwardSeconds = round((performance.now() - started) / 1000, 2);
    progress(`${spec.model}: forward max |diff| ${forward.maxAbs.toExponential(2)}, relative ${forward.maxRel.toExponential(2)}`);

    const { train, validation, test } = data.sets;
    // The linear baseline's fit is part of the scoring context; only the model's MAE is reported here.
    const evaluation = createEvaluationContext(data.target, { ...train, firstTargetRow: data.baselineTrainRows }, data.split.train, series.frequency);
    ways = await trainEachWay(
      spec.model, reference, initial, build,
      async (model, way) => {
        progress(`${spec.model}: training ${way.key}, ${opts.epochs} epochs of ${train.count} windows`);
        const fit = await fitWindows(model, train, validation, { epochs: opts.epochs, batchSize: config.batchSize, seed: config.seed }, {
          onEpoch: (m) => progress(`${spec.model} ${way.key}: epoch ${m.epoch}/${opts.epochs}, loss ${m.loss.toFixed(4)}, ${m.seconds.toFixed(1)} s`),
        });
        const mae = evaluateWindows(evaluation, test, originalUnits(data, await predictScaled(model, test), test)).metrics.mae;
        return { score: mae, seconds: fit.seconds };
      },
      // Again with trained weights (further from the start, larger activations): the op-by-op model's.
      async () => {
        forwardTrained = await withTrainedWeights(reference, (trained) => forwardDifference(reference, build(true, 1), trained, validation));
      },
    );
  } finally {
    disposeModel(reference);
    initial.forEach((w) => w.dispose());
  }
  return {
    bench: 'agreement',
    model: spec.model,
    // Scaled (z-score) outputs of tfjs' layers vs the fused net with the same weights, FORWARD_WINDOWS windows.
    forwardMaxAbsDiff: forward.maxAbs,
    forwardMaxRelDiff: forward.maxRel,
    forwardWindows: Math.min(FORWARD_WINDOWS, data.sets.validation.count),
    // The same comparison with the weights tfjs' layers ended training with.
    forwardAfterTraining: { maxAbsDiff: forwardTrained.maxAbs, maxRelDiff: forwardTrained.maxRel },
    testMae: ways.scores,
    fused2Threads: ways.fused2Threads,
    epochs: opts.epochs,
    window: opts.window,
    // Fewer than asked when the file is shorter.
    rows: rowCount(series),
    trainWindows: data.sets.train.count,
    testWindows: data.sets.test.count,
    dropout: config.dropout,
    seconds: { forward: forwardSeconds, ...ways.seconds },
    loadAverage: Number(loadavg()[0].toFixed(2)),
  };
}

/**
 * The fused `candidate` given `weights` (the ones `reference` holds), then the largest difference of the two models'
 * outputs on the first validation windows. Frees the candidate.
 */
async function forwardDifference(reference: tf.LayersModel, candidate: tf.LayersModel, weights: tf.Tensor[], validation: WindowSet): Promise<Difference> {
  try {
    candidate.setWeights(weights);
    if (fusedNetFor(candidate) === null) throw new Error('The fused model has no whole-model net: nothing to compare');
    const set = { ...validation, count: Math.min(validation.count, FORWARD_WINDOWS) };
    return difference(await predictScaled(candidate, set), await predictScaled(reference, set));
  } finally {
    disposeModel(candidate);
  }
}

/** Back to °C the way trainForecast does: undo the scaling, then the target transform. */
function originalUnits(data: PreparedData, scaled: Float32Array, set: WindowSet): Float64Array {
  return untransformForecasts(data.targetTransform, invertZScore(scaled, data.targetScaler), data.target, set.firstTargetRow, set.horizon, data.period);
}

/** `compare` run on copies of the weights `reference` ended training with (disposed after). */
export async function withTrainedWeights<T>(reference: tf.LayersModel, compare: (weights: tf.Tensor[]) => Promise<T>): Promise<T> {
  const trained = reference.getWeights().map((w) => w.clone());
  try {
    return await compare(trained);
  } finally {
    trained.forEach((w) => w.dispose());
  }
}

export function disposeModel(model: tf.LayersModel): void {
  // compile() was handed an optimizer instance, which model.dispose() leaves alone.
  model.optimizer?.dispose();
  model.dispose();
}
