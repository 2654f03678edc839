// Runs in: trainer process (plain Node). Gradient x input for one forecast window: how much each scaled input value
// moves the first predicted step, by TensorFlow.js' own gradient of the loaded model.
import * as tf from '@tensorflow/tfjs';
import type { Matrix, Saliency } from '../../../shared/model/inspect';

export function gradientTimesInput(model: tf.LayersModel, inputs: Matrix): Saliency {
  const steps = inputs.length;
  const features = inputs[0]?.length ?? 0;
  const gradient = tf.tidy(() => {
    const x = tf.tensor3d([inputs], [1, steps, features]);
    const firstStep = (input: tf.Tensor) => tf.sum(tf.slice(model.apply(input, { training: false }) as tf.Tensor, [0, 0], [1, 1]));
    return tf.grad(firstStep)(x).arraySync() as number[][][];
  })[0];
  return { gradient, gradientTimesInput: gradient.map((row, t) => row.map((g, f) => g * inputs[t][f])) };
}
