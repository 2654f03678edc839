// Runs in: trainer process (plain Node). Batched inference over a window set, bounded in memory.
import * as tf from '@tensorflow/tfjs';
import type { WindowSet } from '../core/forecast/windowing';
import { fusedNetFor } from './fused/fused-net';

/** Scaled predictions, shape [count, horizon]. Runs in chunks so a large set never becomes one huge tensor. */
export async function predictScaled(model: tf.LayersModel, set: WindowSet, chunk = 2048): Promise<Float32Array> {
  const out = new Float32Array(set.count * set.horizon);
  const stride = set.window * set.features;
  const net = fusedNetFor(model);
  for (let from = 0; from < set.count; from += chunk) {
    const size = Math.min(chunk, set.count - from);
    if (net) {
      out.set(net.predict(set.x.subarray(from * stride, (from + size) * stride), size), from * set.horizon);
      await yieldToEventLoop();
      continue;
    }
    const xs = tf.tensor3d(set.x.subarray(from * stride, (from + size) * stride), [size, set.window, set.features]);
    // One call for the whole chunk: predict's default batchSize (32) would split it and copy each piece out again.
    const ys = model.predict(xs, { batchSize: size }) as tf.Tensor;
    out.set((await ys.data()) as Float32Array, from * set.horizon);
    tf.dispose([xs, ys]);
    await yieldToEventLoop();
  }
  return out;
}

/** Mean squared error in scaled units: the training loss, measured on held-out windows. */
export function meanSquaredError(predicted: Float32Array, truth: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < truth.length; i++) {
    const err = predicted[i] - truth[i];
    sum += err * err;
  }
  return sum / truth.length;
}

/** Lets queued messages (e.g. a stop request) reach their handlers; tfjs on wasm/cpu never yields by itself. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
