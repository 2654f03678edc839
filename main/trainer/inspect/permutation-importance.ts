// Runs in: trainer process (plain Node). What mattered to a forecast run's test error: shuffle one input column (or
// one lag) across the test windows, predict again, and see how much the MAE grows. The same seeded shuffles serve
// every column and lag, so their scores differ by what was shuffled, not by luck of the draw.
import type { PermutationScore } from '../../../shared/model/inspect';
import { createRng, identityOrder, shuffleInPlace } from '../../core/rng';
import { untransformForecasts } from '../../core/forecast/target-transform';
import { windowTruth, type WindowSet } from '../../core/forecast/windowing';
import type { ExplainRequest, ExplainResult } from '../../core/trainer-protocol';
import { predictScaled } from '../predict';
import { loadRunModel, loadRunTestWindows } from './run-test-windows';

/** Evenly spaced windows of `count`, at most `max` of them (all when they fit), in time order. */
export function spreadWindows(count: number, max: number): Int32Array {
  const n = Math.min(count, Math.max(1, max));
  return Int32Array.from({ length: n }, (_, i) => Math.floor((i * count) / n));
}

function subset(set: WindowSet, picks: Int32Array): WindowSet {
  const stride = set.window * set.features;
  const x = new Float32Array(picks.length * stride);
  picks.forEach((w, i) => x.set(set.x.subarray(w * stride, (w + 1) * stride), i * stride));
  const firstTargetRow = Int32Array.from(picks, (w) => set.firstTargetRow[w]);
  return { ...set, count: picks.length, x, y: new Float32Array(picks.length * set.horizon), firstTargetRow };
}

/** A copy of `set` where, for the marked (step, feature) cells, window i reads window order[i]'s values. */
function shuffled(set: WindowSet, order: Uint32Array, cells: [number, number][]): WindowSet {
  const stride = set.window * set.features;
  const x = set.x.slice();
  for (let i = 0; i < set.count; i++) {
    for (const [t, f] of cells) x[i * stride + t * set.features + f] = set.x[order[i] * stride + t * set.features + f];
  }
  return { ...set, x };
}

function summarise(maes: number[], baseline: number): PermutationScore {
  const increases = maes.map((m) => m - baseline);
  const importance = increases.reduce((a, b) => a + b, 0) / increases.length;
  const variance = increases.reduce((a, d) => a + (d - importance) ** 2, 0) / increases.length;
  return { importance, std: Math.sqrt(variance), maes };
}

export async function explainForecast(runDir: string, request: ExplainRequest): Promise<ExplainResult> {
  const { prep, data, test } = await loadRunTestWindows(runDir, request);
  const set = subset(test, spreadWindows(test.count, request.maxWindows));
  const truth = windowTruth(data.target, set.firstTargetRow, set.horizon);
  const { mean, std } = prep.targetScaler;
  const model = await loadRunModel(runDir);
  try {
    const mae = async (windows: WindowSet) => {
      const scaled = await predictScaled(model, windows);
      // In the target's units, as the run scored it: unscaled, then a transformed target undone from each window's past.
      const unscaled = Float64Array.from(scaled, (v) => v * std + mean);
      const predicted = untransformForecasts(data.targetTransform, unscaled, data.target, windows.firstTargetRow, windows.horizon, data.period);
      let sum = 0;
      for (let i = 0; i < truth.length; i++) sum += Math.abs(truth[i] - predicted[i]);
      return sum / truth.length;
    };
    const baseline = await mae(set);
    const orders = Array.from({ length: request.repeats }, (_, r) => shuffleInPlace(identityOrder(set.count), createRng(request.seed + r)));
    const score = async (cells: [number, number][]) => {
      const maes: number[] = [];
      for (const order of orders) maes.push(await mae(shuffled(set, order, cells)));
      return summarise(maes, baseline);
    };
    const steps = Array.from({ length: set.window }, (_, t) => t);

    // A category column's one-hot inputs move together: shuffling one of them alone would make impossible rows.
    const columns: ExplainResult['columns'] = [];
    let feature = 0;
    for (const input of prep.inputs) {
      const width = input.kind === 'number' ? 1 : input.categories.length;
      const features = Array.from({ length: width }, (_, k) => feature + k);
      feature += width;
      const cells = steps.flatMap((t) => features.map((f): [number, number] => [t, f]));
      columns.push({ column: input.column, features: features.map((f) => prep.features[f]), ...(await score(cells)) });
    }
    const lags: ExplainResult['lags'] = [];
    for (let lag = 1; lag <= set.window; lag++) {
      const step = set.window - lag;
      lags.push({ lag, step, ...(await score(prep.features.map((_, f): [number, number] => [step, f]))) });
    }
    return {
      task: 'forecast',
      target: prep.target,
      metric: 'mae',
      baseline,
      windowsUsed: set.count,
      windowCount: test.count,
      repeats: request.repeats,
      seed: request.seed,
      columns,
      lags,
    };
  } finally {
    model.dispose();
  }
}
