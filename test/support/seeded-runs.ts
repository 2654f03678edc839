// Runs in: vitest (Node). The small run log the run-log tests start from, on either database: two datasets, four runs
// (three finished with different cells and scores, one still running), written through the log's own interface.
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import type { ForecastConfig } from '../../shared/model/config';
import type { DatasetFingerprint, RunResult } from '../../shared/model/run';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';

export const SHA_A = 'a'.repeat(64);
export const SHA_B = 'b'.repeat(64);
export const base: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: SHA_A, target: 'T', features: ['T'] };
export const weather: DatasetFingerprint = { fileName: 'weather.csv', sizeBytes: 1234, sha256: SHA_A, rowsUsed: 100 };
export const airline: DatasetFingerprint = { fileName: 'airline.csv', sizeBytes: 99, sha256: SHA_B, rowsUsed: 144 };

/** A completed run's result whose test MAE is `mae` (and whose last prediction is `mae`, to tell runs apart). */
export function result(mae: number): RunResult {
  return {
    status: 'completed',
    backend: 'wasm',
    trainSeconds: 1.5,
    trainSamplesPerSecond: 1000,
    metrics: { test: { mae, rmse: mae * 1.3, mape: 5 }, validation: { mae: 0.6, rmse: 0.8, mape: 4 } },
    baselines: { persistence: { mae: 1, rmse: 1.2, mape: 6 } },
    predictions: { times: [1, 2, 3], truth: [1, 2, 3], predicted: [1, 2, mae], persistence: [0, 1, 2] },
  };
}

/** Three finished runs and one running: GRU/LSTM/SimpleRNN on two datasets. Returns their ids in that order. */
export async function seedFourRuns(log: AsyncRunLog): Promise<number[]> {
  const a = await log.createRun({ ...base, cell: 'GRU', window: 24 }, weather);
  await log.addEpoch(a, { epoch: 1, loss: 0.5, valLoss: 0.4, seconds: 1 });
  await log.addEpoch(a, { epoch: 2, loss: 0.3, valLoss: 0.45, seconds: 1 });
  await log.finishRun(a, result(0.8));
  const b = await log.createRun({ ...base, cell: 'LSTM' }, weather);
  await log.addEpoch(b, { epoch: 1, loss: 0.5, valLoss: 0.2, seconds: 1 });
  await log.finishRun(b, result(0.5));
  const c = await log.createRun({ ...base, datasetId: SHA_B }, airline);
  await log.finishRun(c, result(0.9));
  const d = await log.createRun(base, weather); // still running
  return [a, b, c, d];
}
