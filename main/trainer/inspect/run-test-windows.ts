// Runs in: trainer process (plain Node). A saved forecast run's test windows, rebuilt from its data file and settings
// exactly as training built them (same split, policies, scalers, window order), beside its saved model.
import type * as tf from '@tensorflow/tfjs';
import { UserError } from '../../../shared/util/errors';
import { loadDataset } from '../../core/dataset/load-dataset';
import { prepareForecastData, type PreparedData } from '../../core/forecast/prepare-data';
import { forecastSeriesFromDataset } from '../../core/forecast/series-from-dataset';
import type { WindowSet } from '../../core/forecast/windowing';
import { modelDir } from '../../core/run-files';
import type { RunData } from '../../core/trainer-protocol';
import { loadModel } from '../model-io';
import { readForecastPreprocessing, type ForecastPreprocessing } from '../predict/forecast-preprocessing';

export interface RunTestWindows {
  prep: ForecastPreprocessing;
  data: PreparedData;
  test: WindowSet;
  times: Float64Array | null;
}

/** Relative difference small enough to be the same float64 statistic computed again. */
const SAME_STAT = 1e-9;

export async function loadRunTestWindows(runDir: string, request: RunData): Promise<RunTestWindows> {
  const prep = readForecastPreprocessing(runDir);
  const dataset = await loadDataset(request.datasetPath, { fileName: request.fileName, importOptions: request.importOptions });
  const data = prepareForecastData(forecastSeriesFromDataset(dataset, request.config), request.config);
  // The backend checked the file's bytes; this catches settings that no longer build the run's inputs.
  const same = (a: number, b: number) => Math.abs(a - b) <= SAME_STAT * Math.max(1, Math.abs(a), Math.abs(b));
  if (
    data.featureNames.join('\u0000') !== prep.features.join('\u0000') ||
    !same(data.targetScaler.mean, prep.targetScaler.mean) ||
    !same(data.targetScaler.std, prep.targetScaler.std)
  ) {
    throw new UserError(`The data read again does not give the inputs this run's model was trained on: train the run again to inspect it.`);
  }
  return { prep, data, test: data.sets.test, times: dataset.time };
}

/** Window `k`'s scaled inputs as [steps][features], the numbers the model read. */
export function windowInputs(set: WindowSet, k: number): number[][] {
  const stride = set.window * set.features;
  return Array.from({ length: set.window }, (_, t) => Array.from(set.x.subarray(k * stride + t * set.features, k * stride + (t + 1) * set.features)));
}

export function loadRunModel(runDir: string): Promise<tf.LayersModel> {
  return loadModel(modelDir(runDir));
}
