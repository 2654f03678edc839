// Runs in: vitest (Node). The run's `threads` setting: what the schema accepts, what older runs read as, and the
// count the trainer resolves it to.
import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { FORECAST_DEFAULTS, forecastConfigSchema } from '../../shared/model/run-config';
import { threadCount } from '../../main/trainer/fused/kernel-threads';

const base = { ...FORECAST_DEFAULTS, datasetId: 'a'.repeat(64), target: 'T', features: ['T'] };

describe('the threads setting', () => {
  it('new runs default to auto; runs logged without it read as one thread; bad values get a clear message', () => {
    expect(FORECAST_DEFAULTS.threads).toBe('auto');
    expect(forecastConfigSchema.parse(base).threads).toBe('auto');
    const { threads: _dropped, ...older } = base;
    expect(forecastConfigSchema.parse(older).threads).toBe(1);
    expect(forecastConfigSchema.parse({ ...base, threads: 4 }).threads).toBe(4);
    for (const bad of [0, 1.5, 65, 'many']) {
      const result = forecastConfigSchema.safeParse({ ...base, threads: bad });
      expect(result.success, String(bad)).toBe(false);
      expect(result.error?.issues.map((i) => i.message).join(' ')).toMatch(/Threads/);
    }
  });

  it('auto is the machine\'s cores (at most 8); a count is taken as given', () => {
    expect(threadCount('auto')).toBe(Math.min(availableParallelism(), 8));
    expect(threadCount(3)).toBe(3);
    expect(threadCount(1)).toBe(1);
  });
});
