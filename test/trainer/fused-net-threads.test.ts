// Runs in: vitest (Node). Data-parallel training in the whole-model fused net: kernel threads (worker_threads on the
// shared kernel memory) each compute a share of the batch's gradients, summed in a fixed order before one update.
// The result matches tfjs within 1e-4, and a fixed seed and thread count repeat exactly.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../main/trainer/tfjs-backend';
import { computationNote, configureFusedNet, fusedNetFor, syncFusedNet } from '../../main/trainer/fused/fused-net';
import { buildForecastModel, type ModelSpec } from '../../main/trainer/model';
import { maxRelativeError } from '../support/relative-error';
import { expectAgreement, randomArray, SMALL } from './fused-net-harness';
import { buildKernelWorker } from './kernel-worker-build';

function train(spec: ModelSpec, threads: number, steps = 4) {
  const model = buildForecastModel(spec);
  configureFusedNet(model, { seed: spec.seed, threads });
  const net = fusedNetFor(model)!;
  const count = 70;
  const x = randomArray(count * spec.window * spec.features, 21);
  const y = randomArray(count * spec.horizon, 22);
  const losses = Array.from({ length: steps }, () => net.trainStep(x, y, count));
  const predictions = net.predict(randomArray(700 * spec.window * spec.features, 23), 700);
  syncFusedNet(model);
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  const note = computationNote(model);
  const threadsUsed = net.threads;
  model.optimizer?.dispose();
  model.dispose();
  return { losses, predictions, weights, note, threadsUsed };
}

describe('the fused net on several threads', () => {
  beforeAll(async () => {
    await initBackend('wasm');
    await buildKernelWorker();
  });

  it('two threads: the same losses, weights and predictions as tfjs (LSTM x2, GRU bidirectional with dropout)', async () => {
    const net = await expectAgreement({ ...SMALL, cell: 'LSTM', layers: 2 }, { threads: 2, count: 48 });
    expect(net.threads).toBe(2);
    await expectAgreement({ ...SMALL, cell: 'GRU', bidirectional: true, dropout: 0.2, recurrentDropout: 0.2 }, { threads: 2, count: 48 });
  });

  it('three threads on SimpleRNN x3 with RMSprop', async () => {
    await expectAgreement({ ...SMALL, layers: 3, optimizer: 'rmsprop' }, { threads: 3, count: 50 });
  });

  it('a fixed seed and thread count repeat exactly, and the run says how many threads computed it', () => {
    const spec: ModelSpec = { ...SMALL, cell: 'LSTM', layers: 2, dropout: 0.2, recurrentDropout: 0.2 };
    const first = train(spec, 2);
    const again = train(spec, 2);
    expect(first.threadsUsed).toBe(2);
    expect(first.note).toMatch(/on 2 threads/);
    expect(again.losses).toEqual(first.losses);
    again.weights.forEach((w, i) => expect(w, `weight ${i}`).toEqual(first.weights[i]));
    expect(Array.from(again.predictions)).toEqual(Array.from(first.predictions));
    // One thread sums the gradients in another order: equal within rounding, not bit for bit.
    const single = train(spec, 1);
    expect(single.note).toMatch(/on one thread/);
    single.losses.forEach((loss, i) => expect(Math.abs(loss - first.losses[i]) / loss).toBeLessThan(1e-5));
    expect(maxRelativeError(single.predictions, first.predictions)).toBeLessThan(1e-4);
  });
});
