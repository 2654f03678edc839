// Runs in: trainer process (plain Node). One test window of a saved forecast run, step by step: its inputs, every
// layer's gates and states from the saved weights through the cell equations, the Dense head and the prediction.
import * as tf from '@tensorflow/tfjs';
import type { ForecastInspection } from '../../../shared/model/inspect';
import { UserError } from '../../../shared/util/errors';
import { untransformForecasts } from '../../core/forecast/target-transform';
import type { InspectRequest } from '../../core/trainer-protocol';
import { readAnatomy, runDense, runStack } from './model-anatomy';
import { loadRunModel, loadRunTestWindows, windowInputs } from './run-test-windows';
import { gradientTimesInput } from './saliency';

type ForecastRequest = Extract<InspectRequest, { task: 'forecast' }>;

export async function inspectForecast(runDir: string, request: ForecastRequest): Promise<Omit<ForecastInspection, 'runId'>> {
  const { prep, data, test, times } = await loadRunTestWindows(runDir, request);
  const k = request.window;
  if (!Number.isInteger(k) || k < 0 || k >= test.count) {
    throw new UserError(`Window ${k} is not one of this run's ${test.count} test windows: choose 0 to ${test.count - 1}.`);
  }
  const { window, horizon } = test;
  const first = test.firstTargetRow[k];
  const inputRows = Array.from({ length: window }, (_, t) => first - window + t);
  const targetRows = Array.from({ length: horizon }, (_, h) => first + h);
  const scaled = windowInputs(test, k);
  const raw = inputRows.map((row) => data.unscaledInputs.map((column) => column[row]));

  const model = await loadRunModel(runDir);
  try {
    const anatomy = readAnatomy(model);
    const { layers, finalState } = runStack(anatomy, scaled);
    const dense = runDense(anatomy.dense, finalState);
    // The saved stats (what the model was trained with); loadRunTestWindows checked they are the data's.
    const { mean, std } = prep.targetScaler;
    const unscaled = dense.output.map((v) => v * std + mean);
    // A transformed target (a difference, log1p) is undone from the window's own past, as the run scored it.
    const prediction = untransformForecasts(data.targetTransform, Float64Array.from(unscaled), data.target, [first], horizon, data.period);
    const tfjsOutput = tf.tidy(() => Array.from((model.predict(tf.tensor3d([scaled], [1, window, scaled[0].length])) as tf.Tensor).dataSync()));
    return {
      task: 'forecast',
      window: k,
      windowCount: test.count,
      target: prep.target,
      features: prep.features,
      inputTimes: times ? inputRows.map((row) => times[row]) : null,
      targetTimes: times ? targetRows.map((row) => times[row]) : null,
      inputs: { raw, scaled },
      layers,
      dense,
      predictionScaled: dense.output,
      targetTransform: data.targetTransform,
      predictionUnscaled: unscaled,
      prediction: Array.from(prediction),
      truth: targetRows.map((row) => data.target[row]),
      targetScaler: { mean, std },
      modelCheck: { tfjsOutput, maxAbsDifference: Math.max(...tfjsOutput.map((v, i) => Math.abs(v - dense.output[i]))) },
      saliency: gradientTimesInput(model, scaled),
    };
  } finally {
    model.dispose();
  }
}
