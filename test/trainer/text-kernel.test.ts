// Runs in: vitest (node). The scatter-add UnsortedSegmentSum kernel against a dense reference, through real tfjs.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../main/trainer/tfjs-backend';
import { registerScatterAddKernels, scatterAdd } from '../../main/trainer/text/scatter-add-kernel';
import { createRng } from '../../main/core/rng';

function randomData(seed: number, vocab: number, width: number, rows: number) {
  const random = createRng(seed);
  const table = Float32Array.from({ length: vocab * width }, () => random() * 2 - 1);
  const ids = Int32Array.from({ length: rows }, () => Math.floor(random() * vocab));
  const upstream = Float32Array.from({ length: rows * width }, () => random() * 2 - 1);
  return { table, ids, upstream };
}

/** d/dtable of sum(upstream * gather(table, ids)) the slow, obvious way: a one-hot matrix product. */
function denseGradient(ids: Int32Array, upstream: Float32Array, vocab: number, width: number): Float32Array {
  const oneHot = tf.oneHot(tf.tensor1d(ids, 'int32'), vocab).toFloat(); // [rows, vocab]
  const grad = tf.matMul(oneHot, tf.tensor2d(upstream, [ids.length, width]), true, false);
  return grad.dataSync() as Float32Array;
}

describe('scatter-add UnsortedSegmentSum kernel', () => {
  it('adds rows into their segments and drops out-of-range ids', () => {
    const out = new Float32Array(3 * 2);
    scatterAdd([1, 2, 3, 4, 5, 6, 7, 8], [2, 0, 2, -1], 3, out);
    expect(Array.from(out)).toEqual([3, 4, 0, 0, 6, 8]);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`gives Gather's gradient on the ${backend} backend equal to a dense reference`, async () => {
      registerScatterAddKernels();
      const active = await initBackend(backend);
      expect(active.name).toBe(backend);
      const vocab = 50;
      const width = 8;
      const { table, ids, upstream } = randomData(7, vocab, width, 300);
      const params = tf.tensor2d(table, [vocab, width]);
      const indices = tf.tensor1d(ids, 'int32');
      const up = tf.tensor2d(upstream, [ids.length, width]);
      const grad = tf.grad((p: tf.Tensor) => tf.sum(tf.mul(tf.gather(p, indices), up)))(params);
      const got = grad.dataSync();
      const want = denseGradient(ids, upstream, vocab, width);
      expect(got.length).toBe(want.length);
      let maxError = 0;
      for (let i = 0; i < want.length; i++) maxError = Math.max(maxError, Math.abs(got[i] - want[i]));
      expect(maxError).toBeLessThan(1e-4);
      // A real vocabulary must not cost a mask per entry: 10,000 x 64 over a batch of 64 x 200 tokens.
      const big = randomData(3, 10_000, 64, 64 * 200);
      const started = performance.now();
      const bigGrad = tf.grad((p: tf.Tensor) => tf.sum(tf.mul(tf.gather(p, tf.tensor1d(big.ids, 'int32')), tf.tensor2d(big.upstream, [big.ids.length, 64]))))(
        tf.tensor2d(big.table, [10_000, 64]),
      );
      expect(bigGrad.shape).toEqual([10_000, 64]);
      expect(performance.now() - started).toBeLessThan(20_000); // the per-entry-mask kernel takes minutes here
      tf.disposeVariables();
    });
  }
});
