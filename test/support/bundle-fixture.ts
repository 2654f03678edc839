// Runs in: vitest (Node). A run log holding one finished forecast run with a saved model (a tiny real TF.js model
// written by saveModel) and one text run, for the bundle export/import tests.
import * as tf from '@tensorflow/tfjs';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ForecastConfig, TextConfig } from '../../shared/model/config';
import { FORECAST_DEFAULTS, TEXT_DEFAULTS } from '../../shared/model/run-config';
import { modelDir, preprocessingPath, runFilesRoot } from '../../main/core/run-files';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import { saveModel } from '../../main/trainer/model-io';

const SHA = 'ab'.repeat(32);
export const FORECAST: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: SHA, target: 'T', features: ['T'], window: 3, cell: 'GRU', hiddenUnits: 4 };
export const TEXT: TextConfig = { ...TEXT_DEFAULTS, datasetId: SHA, textColumn: 'review', labelColumn: 'sentiment' };
const DATASET = { fileName: 'weather, 2016.csv', sizeBytes: 1234, sha256: SHA, rowsUsed: 300 };

/** One input the model is compared on after a round trip. */
export const MODEL_INPUT = [[[0.1], [0.5], [-0.3]]];

export function tinyModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.gru({ units: 4, inputShape: [3, 1], kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }));
  return model;
}

export function predictOnce(model: tf.LayersModel): number {
  return tf.tidy(() => (model.predict(tf.tensor3d(MODEL_INPUT)) as tf.Tensor).dataSync()[0]);
}

/** Fills the log at `location` (a SQLite file or a postgres:// URL; `filesRoot` for a server log's run files) with
 * the two runs; returns their ids and the model's output on MODEL_INPUT. */
export async function makeSourceLog(location: string, filesRoot?: string): Promise<{ forecastId: number; textId: number; modelOutput: number }> {
  const store = await openRunLog(location, { filesRoot });
  try {
    const forecastId = await store.createRun(FORECAST, DATASET);
    await store.setRunOrigin(forecastId, { provenance: { seqlabVersion: '0.1.0', tfjsVersion: '4.22.0', nodeVersion: 'v22.1.0', platform: 'linux-x64', datasetPath: '/home/me/weather.csv' } });
    await store.setBackend(forecastId, 'wasm');
    await store.addEpoch(forecastId, { epoch: 1, loss: 0.4123456789012345, valLoss: 0.5, seconds: 1.25 });
    await store.addEpoch(forecastId, { epoch: 2, loss: 0.2, valLoss: 0.31, seconds: 1.5 });
    await store.addEpoch(forecastId, { epoch: 3, loss: 0.1, valLoss: null, seconds: 0.75 });
    const times = [0, 1, 2, 3].map((h) => Date.UTC(2016, 0, 1, h, 0, 0, 123));
    await store.finishRun(forecastId, {
      status: 'completed',
      backend: 'wasm',
      trainSeconds: 3.5,
      trainSamplesPerSecond: 812.25,
      metrics: { test: { mae: 0.123456789, rmse: 0.2, mape: null, r2: 0.9 }, skill: { baseline: 'persistence', value: 0.25 }, bestEpoch: 2 },
      baselines: { persistence: { mae: 0.3, rmse: 0.4, mape: 5 } },
      predictions: { times, truth: [1.5, 2.25, -3, 4], predicted: [1.4, 2.5, -2.9, 4.125], persistence: [1, 1.5, 2.25, -3], residuals: [0.1, -0.25, -0.1, -0.125] },
    });
    await store.updateRun(forecastId, { tags: ['baseline', 'good, really'], note: 'first "try"\nsecond line', starred: true });

    const model = tinyModel();
    const runDir = await store.runFilesDir(forecastId);
    await saveModel(model, modelDir(runDir));
    writeFileSync(preprocessingPath(runDir), JSON.stringify({ scaler: { mean: [1], std: [2] } }));
    await store.setModelSaved(forecastId);

    const textId = await store.createRun(TEXT, DATASET);
    await store.addEpoch(textId, { epoch: 1, loss: 0.69, valLoss: 0.68, seconds: 2 });
    const scores = { accuracy: 0.75, f1: 0.7, perClass: [], rocAuc: null, confusion: [[3, 1], [0, 4]], classNames: ['neg', 'pos'] };
    await store.finishRun(textId, { status: 'stopped', backend: 'cpu', trainSeconds: 2, trainSamplesPerSecond: 10, metrics: { test: scores }, baselines: { majority: scores }, predictions: null });
    return { forecastId, textId, modelOutput: predictOnce(model) };
  } finally {
    await store.close();
  }
}

/** The folder holding a log's run folders (each named by its run id). */
export async function filesRootOf(log: AsyncRunLog): Promise<string> {
  return dirname(await log.runFilesDir(0));
}

/** Every entry of a folder of run folders, to show an import left nothing behind. */
export function foldersIn(root: string): string[] {
  try {
    return readdirSync(root).sort();
  } catch {
    return [];
  }
}

/** Every entry of the run files folder of `<dbDir>/runs.db`, to show an import left nothing behind. */
export function runFolders(dbDir: string): string[] {
  try {
    return readdirSync(runFilesRoot(join(dbDir, 'runs.db'))).sort();
  } catch {
    return [];
  }
}
