// Runs in: vitest (Node). The whole-model fused net with the options that used to leave it (bidirectional layers,
// RMSprop, SGD with momentum) against tfjs' own layers and optimizers: the same losses, weights and predictions.
import { beforeAll, describe, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../main/trainer/tfjs-backend';
import { expectAgreement, SMALL } from './fused-net-harness';

describe('the whole-model fused net, every option the form offers', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('bidirectional LSTM x1 (the bench model)', async () => {
    await expectAgreement({ ...SMALL, cell: 'LSTM', bidirectional: true });
  });

  it('bidirectional GRU x2 (two directions feeding two directions)', async () => {
    await expectAgreement({ ...SMALL, cell: 'GRU', layers: 2, bidirectional: true });
  });

  it('bidirectional SimpleRNN x3', async () => {
    await expectAgreement({ ...SMALL, cell: 'SimpleRNN', layers: 3, bidirectional: true });
  });

  it('RMSprop (the form\'s option; tfjs defaults: decay 0.9, no momentum)', async () => {
    await expectAgreement({ ...SMALL, cell: 'LSTM', layers: 2, optimizer: 'rmsprop' });
  });

  it('RMSprop with momentum', async () => {
    await expectAgreement({ ...SMALL, cell: 'GRU' }, { optimizer: () => tf.train.rmsprop(0.01, 0.8, 0.5) });
  });

  it('a batch bigger than one pass (70 windows: three passes whose gradients are summed)', async () => {
    await expectAgreement({ ...SMALL, cell: 'LSTM', dropout: 0.1 }, { count: 70 });
  });

  it('SGD with momentum, and with Nesterov momentum', async () => {
    await expectAgreement({ ...SMALL, cell: 'SimpleRNN', layers: 2 }, { optimizer: () => tf.train.momentum(0.05, 0.9) });
    await expectAgreement({ ...SMALL, cell: 'LSTM' }, { optimizer: () => tf.train.momentum(0.05, 0.9, true) });
  });
});
