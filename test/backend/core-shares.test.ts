// Runs in: vitest (Node). How the cores are shared among runs training at once (core-shares.ts): 'auto' takes what
// the runs already going leave free, at least one core; explicit thread counts count as asked; shares come back.
import { describe, expect, it } from 'vitest';
import type { ManagerToTrainer } from '../../main/core/trainer-protocol';
import type { TextConfig, ThreadsChoice } from '../../shared/model/config';
import { FORECAST_DEFAULTS, TEXT_DEFAULTS } from '../../shared/model/run-config';
import { CoreShares } from '../../main/backend/training/core-shares';

type Start = Extract<ManagerToTrainer, { type: 'start' }>;

/** A forecast run's start; window 64 by default: a batch big enough (about 13M multiply-adds) to share among 8. */
function forecastStart(threads: ThreadsChoice, window = 64): Start {
  const config = { ...FORECAST_DEFAULTS, datasetId: '0'.repeat(64), target: 'y', features: ['y'], threads, window };
  return { type: 'start', runId: 1, datasetPath: 'x.csv', datasetFileName: 'x.csv', datasetSha256: '0'.repeat(64), config, runDir: '/tmp/x' };
}

function textStart(threads: ThreadsChoice): Start {
  return { ...forecastStart('auto'), config: { ...TEXT_DEFAULTS, datasetId: '0'.repeat(64), textColumn: 't', labelColumn: 'l', threads } };
}

describe('core shares', () => {
  it("'auto' runs started one after another on 8 cores get 8, then 1, then 1; freed cores go to the next run", () => {
    const shares = new CoreShares(8);
    const first = shares.take(forecastStart('auto'));
    const second = shares.take(forecastStart('auto'));
    const third = shares.take(forecastStart('auto'));
    expect([first.cores, second.cores, third.cores]).toEqual([8, 1, 1]);
    expect(shares.inUse()).toBe(10);
    first.release();
    expect(shares.inUse()).toBe(2);
    expect(shares.take(forecastStart('auto')).cores).toBe(6);
  });

  it('explicit thread counts are not changed (no cores sent) but count against auto runs; text runs count as asked', () => {
    const shares = new CoreShares(8);
    const fixed = shares.take(forecastStart(3));
    expect(fixed.cores).toBeUndefined();
    // A text run logged before the setting existed trains on one thread.
    const { threads: _dropped, ...olderText } = textStart('auto').config as TextConfig;
    const text = shares.take({ ...textStart('auto'), config: olderText });
    expect(text.cores).toBeUndefined();
    expect(shares.inUse()).toBe(4);
    expect(shares.take(forecastStart('auto')).cores).toBe(4);
    // A count beyond the machine counts as the whole machine.
    expect(new CoreShares(2).take(forecastStart(16)).cores).toBeUndefined();
    const big = new CoreShares(2);
    big.take(forecastStart(16));
    expect(big.inUse()).toBe(2);
  });

  it("text runs share the cores like forecast runs: 'auto' gets what is left, a count is kept as asked", () => {
    const shares = new CoreShares(4);
    expect(shares.take(textStart('auto')).cores).toBe(4);
    expect(shares.take(textStart(2)).cores).toBeUndefined();
    expect(shares.inUse()).toBe(6);
    expect(shares.take(forecastStart('auto')).cores).toBe(1);
  });

  it("an 'auto' run too small to gain from sharing its batches takes only the cores it will use", () => {
    const shares = new CoreShares(8);
    // SimpleRNN 32 at window 5, batches of 64: about 1M multiply-adds a batch, which trains slower on two threads.
    // It is given the free cores (the trainer decides, and says in its notes why it used one) but holds one.
    expect(shares.take(forecastStart('auto', 5)).cores).toBe(8);
    expect(shares.inUse()).toBe(1);
    // Window 16 (3.2M): two threads' worth.
    expect(shares.take(forecastStart('auto', 16)).cores).toBe(7);
    expect(shares.inUse()).toBe(3);
    expect(shares.take(forecastStart('auto')).cores).toBe(5);
  });

  it('releasing twice gives a share back once', () => {
    const shares = new CoreShares(4);
    const a = shares.take(forecastStart('auto'));
    shares.take(forecastStart(1));
    a.release();
    a.release();
    expect(shares.inUse()).toBe(1);
  });
});
