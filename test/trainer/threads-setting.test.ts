// Runs in: vitest (Node). The run's `threads` setting: what the schema accepts, what older runs read as, and the
// count the trainer resolves it to.
import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { FORECAST_DEFAULTS, TEXT_DEFAULTS, describeZodError, forecastConfigSchema, runConfigSchema, textConfigSchema } from '../../shared/model/run-config';
import { threadCount } from '../../main/trainer/fused/kernel-threads';

const base = { ...FORECAST_DEFAULTS, datasetId: 'a'.repeat(64), target: 'T', features: ['T'] };
const textBase = { ...TEXT_DEFAULTS, datasetId: 'a'.repeat(64), textColumn: 'review', labelColumn: 'sentiment' };

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

  it('text runs too: new ones default to auto, logged ones without it read as one thread, bad values are refused', () => {
    expect(TEXT_DEFAULTS.threads).toBe('auto');
    expect(textConfigSchema.parse(textBase).threads).toBe('auto');
    const { threads: _dropped, ...older } = textBase;
    expect(textConfigSchema.parse(older).threads).toBe(1);
    // The run log reads configs through the union: the same default there.
    expect(runConfigSchema.parse(older).threads).toBe(1);
    expect(textConfigSchema.parse({ ...textBase, threads: 2 }).threads).toBe(2);
    const refusals: [unknown, string][] = [
      [0, 'threads: Threads must be at least 1'],
      ['many', 'threads: Threads must be auto or a whole number from 1 to 64'],
      [2.5, 'threads: Threads must be auto or a whole number from 1 to 64'],
      [65, 'threads: Threads must be at most 64'],
    ];
    for (const [bad, message] of refusals) {
      const result = textConfigSchema.safeParse({ ...textBase, threads: bad });
      expect(result.success, String(bad)).toBe(false);
      expect(describeZodError(result.error!)).toBe(message);
    }
  });

  it('auto is the machine\'s cores (at most 8); a count is taken as given', () => {
    expect(threadCount('auto')).toBe(Math.min(availableParallelism(), 8));
    expect(threadCount(3)).toBe(3);
    expect(threadCount(1)).toBe(1);
  });
});
