// Runs in: vitest (Node). `seqlab inspect --window K` and `seqlab explain` on real forecast runs trained by the real
// CLI on a Szeged slice: every state recomputed with the course's equations from the printed weights and inputs,
// checked against TensorFlow.js' own layers on the saved model and against the run's stored test predictions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Explanation, ForecastInspection } from '../../shared/model/inspect';
import { dispatch } from '../../main/backend/api/dispatch';
import { createService } from '../../main/backend/create-service';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import { modelDir, preprocessingPath, runFilesDir } from '../../main/core/run-files';
import { loadModel } from '../../main/trainer/model-io';
import { SZEGED_SLICE, expectCleanFailure, requireBuilt, seqlab } from '../support/built';
import { checkStack, expectMatrixClose, recompute, type LayerOutput, type Matrix } from '../support/course-equations';

const TEMP = 'Temperature (C)';
let dir: string;
let db: string;
let csv: string;

function train(...args: string[]): number {
  const result = seqlab('train', '--csv', csv, '--target', TEMP, '--window', '6', '--hidden', '5', '--epochs', '2', '--db', db, '--json', ...args);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!).runId;
}

function inspect(runId: number, window: number): ForecastInspection {
  const result = seqlab('inspect', '--run', String(runId), '--window', String(window), '--db', db, '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

async function stored(runId: number) {
  const log = await openRunLog(db);
  try {
    return { predictions: (await log.getPredictions(runId))!, summary: await log.getSummary(runId) };
  } finally {
    await log.close();
  }
}

/** TensorFlow.js' own outputs of every recurrent layer (and the head) of the saved model, for one window. */
async function tfjsOutputs(runId: number, scaled: Matrix): Promise<{ layers: number[][][]; head: number[] }> {
  const model = await loadModel(modelDir(runFilesDir(db, runId)));
  try {
    const recurrent = model.layers.filter((l) => ['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional'].includes(l.getClassName()));
    const probe = tf.model({ inputs: model.inputs, outputs: [...recurrent.map((l) => l.output as tf.SymbolicTensor), model.outputs[0]] });
    const outs = probe.predict(tf.tensor3d([scaled])) as tf.Tensor[];
    const values = outs.map((t) => t.arraySync() as number[][] | number[][][]);
    tf.dispose(outs);
    const layers = values.slice(0, -1).map((v) => (Array.isArray(v[0][0]) ? (v as number[][][])[0] : [(v as number[][])[0]]));
    return { layers, head: (values.at(-1) as number[][])[0] };
  } finally {
    model.dispose();
  }
}

/** The whole check of one inspected window; returns the Dense head's input as the equations give it. */
async function checkWindow(runId: number, r: ForecastInspection, expected: { cell: string; layers: number; bidirectional: boolean; horizon: number }) {
  const prep = JSON.parse(readFileSync(preprocessingPath(runFilesDir(db, runId)), 'utf8'));
  expect(r.features).toEqual(prep.features);
  expect(r.inputs.scaled).toHaveLength(6);
  expect(r.inputs.raw).toHaveLength(6);

  // Scaled inputs are the raw ones through the training rows' z-scores (one-hot inputs as they are).
  prep.inputs.forEach((input: { kind: string; mean: number; std: number }, f: number) => {
    if (input.kind !== 'number') return;
    r.inputs.raw.forEach((row, t) => expect(r.inputs.scaled[t][f]).toBeCloseTo((row[f] - input.mean) / input.std, 5));
  });

  const layers = r.layers as unknown as LayerOutput[];
  expect(layers).toHaveLength(expected.layers * (expected.bidirectional ? 2 : 1));
  for (const layer of layers) {
    expect(layer.cell).toBe(expected.cell);
    expect(layer.units).toBe(5);
    const gates = layer.gateOrder.split(',').length;
    expect(layer.gateOrder).toBe({ SimpleRNN: 'h', LSTM: 'i,f,c,o', GRU: 'z,r,h' }[expected.cell]);
    expect(layer.activation).toBe('tanh');
    // Seqlab's models use the sigmoid for the gates (tfjs' default would be hardSigmoid).
    expect(layer.recurrentActivation).toBe(expected.cell === 'SimpleRNN' ? null : 'sigmoid');
    expect(layer.weights.kernel).toHaveLength(layer.layer === 0 ? r.features.length : 5 * (expected.bidirectional ? 2 : 1));
    expect(layer.weights.kernel[0]).toHaveLength(5 * gates);
    expect(layer.weights.recurrentKernel).toHaveLength(5);
    expect(layer.weights.recurrentKernel[0]).toHaveLength(5 * gates);
    expect(layer.weights.bias).toHaveLength(5 * gates);
  }

  // The course's equations, from the printed weights and scaled inputs, give every printed state.
  const finalState = checkStack(layers, r.inputs.scaled, 1e-5);
  // Dense: y = h K + b.
  expect(r.dense.kernel).toHaveLength(finalState.length);
  const y = r.dense.bias.map((b, j) => finalState.reduce((s, h, i) => s + h * r.dense.kernel[i][j], b));
  expectMatrixClose([r.predictionScaled], [y], 1e-5, 'Dense output');
  expect(r.predictionScaled).toHaveLength(expected.horizon);
  const { mean, std } = prep.targetScaler;
  expectMatrixClose([r.predictionUnscaled], [r.predictionScaled.map((v) => v * std + mean)], 1e-9, 'inverse scaling');
  if (r.targetTransform === 'none') expect(r.prediction).toEqual(r.predictionUnscaled);

  // TensorFlow.js' own layers on the saved model agree: every layer's states (forward and backward side by side) and the head.
  const own = await tfjsOutputs(runId, r.inputs.scaled);
  for (let index = 0; index < expected.layers; index++) {
    const parts = layers.filter((l) => l.layer === index);
    const last = index === expected.layers - 1;
    const ours = last
      ? [parts.flatMap((p) => (p.direction === 'forward' ? p.hiddenStates.at(-1)! : p.hiddenStates[0]))]
      : r.inputs.scaled.map((_, t) => parts.flatMap((p) => p.hiddenStates[t]));
    expectMatrixClose(ours, own.layers[index], 1e-5, `tfjs layer ${index}`);
  }
  expectMatrixClose([r.predictionScaled], [own.head], 1e-5, 'tfjs prediction');
  expect(r.modelCheck.maxAbsDifference).toBeLessThanOrEqual(1e-5);
}

/** The stored test prediction is the first horizon step of each test window, in time order. */
async function checkStored(runId: number, r: ForecastInspection) {
  const { predictions, summary } = await stored(runId);
  expect(predictions.predicted).toHaveLength(r.windowCount);
  const std = JSON.parse(readFileSync(preprocessingPath(runFilesDir(db, runId)), 'utf8')).targetScaler.std;
  // The run scored its test set with float32 kernels: the same prediction up to float32 rounding (1e-5 in scaled units).
  expect(Math.abs(r.prediction[0] - predictions.predicted[r.window]) / std).toBeLessThanOrEqual(1e-5);
  expect(r.truth[0]).toBeCloseTo(predictions.truth[r.window], 9);
  expect(r.targetTimes![0]).toBe(predictions.times![r.window]);
  return summary;
}

beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-inspect-'));
  db = join(dir, 'runs.db');
  // A copy, so a test can change the file afterwards.
  csv = join(dir, 'szeged.csv');
  copyFileSync(SZEGED_SLICE, csv);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('seqlab inspect --window: the course equations with the run\'s own numbers', () => {
  const runs: Record<string, number> = {};

  it('SimpleRNN: h_t = tanh(x W + h U + b) at every step, and the stored test prediction', async () => {
    runs.rnn = train('--features', `${TEMP},Humidity`, '--cell', 'rnn');
    const r = inspect(runs.rnn, 7);
    expect(r).toMatchObject({ task: 'forecast', runId: runs.rnn, window: 7, target: TEMP, features: [TEMP, 'Humidity'] });
    await checkWindow(runs.rnn, r, { cell: 'SimpleRNN', layers: 1, bidirectional: false, horizon: 1 });
    await checkStored(runs.rnn, r);
    // The last test window too: test windows are counted in time order.
    const last = inspect(runs.rnn, r.windowCount - 1);
    await checkStored(runs.rnn, last);
    expect(last.inputTimes![5]).toBeLessThan(last.targetTimes![0]);
  });

  it('GRU predicting 2 steps of the differenced target: z, r and the candidate; differences added back to the last value', async () => {
    runs.gru = train('--features', `${TEMP},Humidity`, '--cell', 'gru', '--horizon', '2', '--target-transform', 'difference');
    const r = inspect(runs.gru, 11);
    expect(r.targetTransform).toBe('difference');
    await checkWindow(runs.gru, r, { cell: 'GRU', layers: 1, bidirectional: false, horizon: 2 });
    // The model predicts changes: step 1 = last observed value + change 1, step 2 = step 1 + change 2.
    const last = (await stored(runs.gru)).predictions.persistence[r.window];
    expect(r.prediction[0]).toBeCloseTo(last + r.predictionUnscaled[0], 9);
    expect(r.prediction[1]).toBeCloseTo(r.prediction[0] + r.predictionUnscaled[1], 9);
    // The stored prediction is the first horizon step.
    await checkStored(runs.gru, r);
    expect(r.truth).toHaveLength(2);
  });

  it('LSTM: i, f, o, the candidate g and the cell state c_t; saliency is tfjs\' gradient times the input', async () => {
    runs.lstm = train('--features', `${TEMP},Humidity`, '--cell', 'lstm');
    const r = inspect(runs.lstm, 20);
    await checkWindow(runs.lstm, r, { cell: 'LSTM', layers: 1, bidirectional: false, horizon: 1 });
    await checkStored(runs.lstm, r);
    expect(r.layers[0].cellStates).toHaveLength(6);

    // The gradient against central differences of the course's equations (float64) on the printed numbers.
    const forward = (inputs: Matrix) => {
      const final = checkStackless(r.layers as unknown as LayerOutput[], inputs);
      return r.dense.bias[0] + final.reduce((s, h, i) => s + h * r.dense.kernel[i][0], 0);
    };
    const eps = 1e-4;
    r.inputs.scaled.forEach((row, t) =>
      row.forEach((x, f) => {
        const up = r.inputs.scaled.map((rr) => [...rr]);
        const down = r.inputs.scaled.map((rr) => [...rr]);
        up[t][f] += eps;
        down[t][f] -= eps;
        const numeric = (forward(up) - forward(down)) / (2 * eps);
        expect(Math.abs(r.saliency.gradient[t][f] - numeric)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(numeric)));
        expect(r.saliency.gradientTimesInput[t][f]).toBeCloseTo(r.saliency.gradient[t][f] * x, 12);
      }),
    );
  });

  it('the API: inspectRun and explainRun through the method table, arguments checked first', async () => {
    const { service, store } = await createService({ dbPath: db, dataDir: dir });
    try {
      const viaApi = await dispatch(service, 'web', 'inspectRun', [runs.lstm, { window: 20 }]);
      expect(viaApi.ok && viaApi.value).toEqual(inspect(runs.lstm, 20));
      expect(await dispatch(service, 'web', 'inspectRun', [runs.lstm, { window: -1 }])).toEqual({ ok: false, message: expect.stringMatching(/Window must be at least 0/) });
      expect(await dispatch(service, 'web', 'inspectRun', [runs.lstm, { window: 1, text: 'both' }])).toMatchObject({ ok: false });
      expect(await dispatch(service, 'web', 'explainRun', [runs.lstm, { repeats: 0 }])).toEqual({ ok: false, message: expect.stringMatching(/Repeats must be at least 1/) });
      const explained = await dispatch(service, 'web', 'explainRun', [runs.lstm, { repeats: 1, maxWindows: 20 }]);
      expect(explained.ok && explained.value).toMatchObject({ runId: runs.lstm, repeats: 1, windowsUsed: 20, seed: 0 });
    } finally {
      await service.shutdown();
      await store.close();
    }
  });

  it('stacked LSTM x2 with a one-hot category input: layer 2 reads layer 1\'s states', async () => {
    runs.stacked = train('--features', `${TEMP},Precip Type`, '--cell', 'lstm', '--layers', '2');
    const r = inspect(runs.stacked, 3);
    expect(r.features).toEqual([TEMP, 'Precip Type=rain', 'Precip Type=snow']);
    for (const row of r.inputs.raw) expect(row[1] + row[2]).toBe(1);
    await checkWindow(runs.stacked, r, { cell: 'LSTM', layers: 2, bidirectional: false, horizon: 1 });
    await checkStored(runs.stacked, r);
  });

  it('bidirectional GRU x2: a forward and a backward entry per layer, states in time order', async () => {
    runs.bidi = train('--features', `${TEMP},Humidity`, '--cell', 'gru', '--layers', '2', '--bidirectional');
    const r = inspect(runs.bidi, 5);
    expect(r.layers.map((l) => `${l.layer}${l.direction}`)).toEqual(['0forward', '0backward', '1forward', '1backward']);
    // Each direction has its own weights.
    expect(r.layers[1].weights.kernel).not.toEqual(r.layers[0].weights.kernel);
    await checkWindow(runs.bidi, r, { cell: 'GRU', layers: 2, bidirectional: true, horizon: 1 });
    await checkStored(runs.bidi, r);
  });

  it('prints a readable summary without --json', () => {
    const result = seqlab('inspect', '--run', String(runs.lstm), '--window', '0', '--db', db);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/test window 0 of \d+/);
    expect(result.stdout).toMatch(/layer 0 forward\s+LSTM 5 units \(tanh, gates sigmoid, gate order i,f,c,o\)/);
    expect(result.stdout).toMatch(/predicted -?\d+\.\d{4} \(scaled -?\d+\.\d{4}\), truth -?\d+\.\d{4}/);
  });

  it('explain: permutation importance per column and per lag, seeded, on the run\'s test error', async () => {
    const result = seqlab('explain', '--run', String(runs.stacked), '--repeats', '3', '--seed', '7', '--db', db, '--json');
    expect(result.code, result.stderr).toBe(0);
    const e: Explanation = JSON.parse(result.stdout);
    const { summary } = await stored(runs.stacked);
    expect(e).toMatchObject({ task: 'forecast', runId: runs.stacked, metric: 'mae', repeats: 3, seed: 7 });
    // Every test window, unshuffled: the run's own test MAE (scored then with float32 kernels).
    expect(e.windowsUsed).toBe(e.windowCount);
    expect(Math.abs(e.baseline - (summary.metrics!.test as { mae: number }).mae)).toBeLessThanOrEqual(1e-5);
    expect(e.columns.map((c) => [c.column, c.features])).toEqual([[TEMP, [TEMP]], ['Precip Type', ['Precip Type=rain', 'Precip Type=snow']]]);
    expect(e.lags.map((l) => [l.lag, l.step])).toEqual([[1, 5], [2, 4], [3, 3], [4, 2], [5, 1], [6, 0]]);
    for (const score of [...e.columns, ...e.lags]) {
      expect(score.maes).toHaveLength(3);
      const increases = score.maes.map((m) => m - e.baseline);
      expect(score.importance).toBeCloseTo(increases.reduce((a, b) => a + b, 0) / 3, 12);
    }
    // Shuffling the target's history across windows must change the error.
    expect(e.columns[0].maes.every((m) => m !== e.baseline)).toBe(true);

    // Same seed, same shuffles; another seed, other shuffles; fewer windows when asked.
    const again: Explanation = JSON.parse(seqlab('explain', '--run', String(runs.stacked), '--repeats', '3', '--seed', '7', '--db', db, '--json').stdout);
    expect(again.columns).toEqual(e.columns);
    const other = seqlab('explain', '--run', String(runs.stacked), '--repeats', '3', '--seed', '8', '--max-windows', '50', '--db', db, '--json');
    expect(other.code, other.stderr).toBe(0);
    const fewer: Explanation = JSON.parse(other.stdout);
    expect(fewer.windowsUsed).toBe(50);
    expect(fewer.lags[0].maes).not.toEqual(e.lags[0].maes);
  });

  it('refuses what it cannot show with one clear line', () => {
    const id = String(runs.rnn);
    expectCleanFailure(seqlab('inspect', '--run', id, '--window', '100000', '--db', db), /Window 100000 is not one of this run's \d+ test windows/);
    expectCleanFailure(seqlab('inspect', '--run', id, '--text', 'hello', '--db', db), /forecasts a series: look inside it at a test window/);
    expectCleanFailure(seqlab('inspect', '--run', id, '--db', db), /Give either --window K/);
    expectCleanFailure(seqlab('inspect', '--window', '1', '--db', db), /--run ID is required/);
    expectCleanFailure(seqlab('inspect', '--run', id, '--window=-1', '--db', db), /--window must be a test window index/);
    expectCleanFailure(seqlab('explain', '--run', '999', '--db', db), /999/);
    expectCleanFailure(seqlab('explain', '--run', id, '--repeats', '0', '--db', db), /Repeats must be a whole number from 1 to 100/);
    // The data file changed since the run trained: its windows cannot be rebuilt as they were.
    appendFileSync(csv, readFileSync(csv, 'utf8').split('\n')[1] + '\n');
    expectCleanFailure(seqlab('inspect', '--run', id, '--window', '0', '--db', db), /has changed since it trained/);
  });
});

/** The same recomputation without assertions (for finite differences): the Dense head's input. */
function checkStackless(layers: LayerOutput[], inputs: Matrix): number[] {
  let below = inputs;
  let final: number[] = [];
  for (let index = 0; index <= Math.max(...layers.map((l) => l.layer)); index++) {
    const parts = layers.filter((l) => l.layer === index).map((l) => recomputeStates(l, below));
    below = below.map((_, t) => parts.flatMap((p) => p.h[t]));
    final = parts.flatMap((p) => p.final);
  }
  return final;
}

function recomputeStates(layer: LayerOutput, inputs: Matrix): { h: Matrix; final: number[] } {
  const { h } = recompute(layer, inputs);
  return { h, final: layer.direction === 'forward' ? h.at(-1)! : h[0] };
}
