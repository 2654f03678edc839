// Runs in: vitest (Node). Backend selection with the real tfjs backends installed here.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, probeBackends } from '../../main/trainer/tfjs-backend';

describe('backend selection', () => {
  it('probes what works and leaves a usable backend active', async () => {
    const info = await probeBackends();
    expect(info.available).toContain('cpu');
    expect(info.available).toContain('wasm'); // its .wasm files ship inside the npm package
    expect(info.auto).toBe(info.available[0]);
    if (!info.available.includes('tensorflow')) {
      expect(info.notes.join(' ')).toMatch(/tfjs-node/);
    }
    expect(tf.sum(tf.tensor([1, 2, 3])).dataSync()[0]).toBe(6);
  });

  it('selects an explicit backend and reports it', async () => {
    expect(await initBackend('cpu')).toEqual({ name: 'cpu', notes: [] });
    expect(tf.getBackend()).toBe('cpu');
    expect((await initBackend('wasm')).name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it("'auto' takes tfjs-node when it loads, else wasm, and says why", async () => {
    const info = await probeBackends();
    const chosen = await initBackend('auto');
    expect(chosen.name).toBe(info.auto);
    expect(tf.getBackend()).toBe(chosen.name);
    if (chosen.name === 'wasm') expect(chosen.notes[0]).toMatch(/tensorflow unavailable: @tensorflow\/tfjs-node/);
  });

  it('falls back with a note when the asked-for backend cannot load', async () => {
    const info = await probeBackends();
    if (info.available.includes('tensorflow')) return; // nothing to fall back from on this machine
    const chosen = await initBackend('tensorflow');
    expect(chosen.name).toBe('wasm');
    expect(chosen.notes.join(' ')).toMatch(/Used the wasm backend instead of tensorflow/);
  });
});
