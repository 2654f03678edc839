// Runs in: vitest (Node). Dropout and recurrent dropout in the whole-model fused net: Seqlab's own seeded masks,
// the same arithmetic as tfjs' cells given those masks (within 1e-4), a fixed seed repeating exactly, and masks with
// the right statistics and Keras' inverted-dropout scale.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../main/trainer/tfjs-backend';
import { drawMask, MaskSource } from '../../main/trainer/fused/dropout-masks';
import { fusedNetFor, syncFusedNet } from '../../main/trainer/fused/fused-net';
import { buildForecastModel, type ModelSpec } from '../../main/trainer/model';
import { createRng } from '../../main/core/rng';
import { expectAgreement, randomArray, SMALL } from './fused-net-harness';

/** Trains a fresh model of `spec` for 5 steps through the net; returns its weights. */
function trainedWeights(spec: ModelSpec): Float32Array[] {
  const model = buildForecastModel(spec);
  const net = fusedNetFor(model)!;
  const x = randomArray(16 * spec.window * spec.features, 3);
  const y = randomArray(16 * spec.horizon, 4);
  for (let step = 0; step < 5; step++) net.trainStep(x, y, 16);
  syncFusedNet(model);
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  model.optimizer?.dispose();
  model.dispose();
  return weights;
}

describe('dropout in the whole-model fused net', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('input dropout, SimpleRNN x2: matches tfjs given the same masks', async () => {
    await expectAgreement({ ...SMALL, layers: 2, dropout: 0.3 });
  });

  it('recurrent dropout, LSTM x2: matches tfjs given the same masks', async () => {
    await expectAgreement({ ...SMALL, cell: 'LSTM', layers: 2, recurrentDropout: 0.25 });
  });

  it('both, GRU (whose blend reads the masked state, as in tfjs and Keras)', async () => {
    await expectAgreement({ ...SMALL, cell: 'GRU', dropout: 0.2, recurrentDropout: 0.4 });
  });

  it('both, bidirectional LSTM x2 (each direction its own masks)', async () => {
    await expectAgreement({ ...SMALL, cell: 'LSTM', layers: 2, bidirectional: true, dropout: 0.2, recurrentDropout: 0.2 });
  });

  it('a fixed seed repeats exactly; another seed gives other weights; dropout 0 draws no masks', () => {
    const spec: ModelSpec = { ...SMALL, cell: 'LSTM', layers: 2, dropout: 0.2, recurrentDropout: 0.2 };
    const first = trainedWeights(spec);
    const again = trainedWeights(spec);
    first.forEach((w, i) => expect(Array.from(again[i]), `weight ${i}`).toEqual(Array.from(w)));
    const other = trainedWeights({ ...spec, seed: spec.seed + 1 });
    expect(Array.from(other[0])).not.toEqual(Array.from(first[0]));

    // dropout 0 is the path without dropout: no masks, and the same weights as a model built without the fields.
    const plain: ModelSpec = { ...SMALL, cell: 'GRU' };
    const zero = trainedWeights({ ...plain, dropout: 0, recurrentDropout: 0 });
    trainedWeights(plain).forEach((w, i) => expect(Array.from(zero[i])).toEqual(Array.from(w)));
    const model = buildForecastModel({ ...plain, dropout: 0 });
    const net = fusedNetFor(model)!;
    net.trainStep(randomArray(4 * 7 * 2, 1), randomArray(4 * 3, 2), 4);
    expect(net.lastMasks(4)[0][0]).toEqual({ input: null, recurrent: null });
    model.dispose();
  });

  it('masks: the rate of zeros, kept values scaled by 1 / (1 - rate), and a fresh mask each step', () => {
    const mask = new Float32Array(200_000);
    drawMask(mask, 0.3, createRng(1));
    const zeros = mask.filter((v) => v === 0).length / mask.length;
    expect(zeros).toBeGreaterThan(0.297);
    expect(zeros).toBeLessThan(0.303);
    expect(new Set(mask.filter((v) => v !== 0))).toEqual(new Set([Math.fround(1 / 0.7)]));
    // The mean is kept: inverted dropout, as Keras.
    expect(mask.reduce((a, b) => a + b, 0) / mask.length).toBeCloseTo(1, 2);

    const source = new MaskSource(7);
    const a = new Float32Array(64);
    const b = new Float32Array(64);
    source.draw(a, 0.5);
    source.draw(b, 0.5);
    expect(Array.from(a)).not.toEqual(Array.from(b));
    const replay = new MaskSource(7);
    const c = new Float32Array(64);
    replay.draw(c, 0.5);
    expect(Array.from(c)).toEqual(Array.from(a));
  });
});
