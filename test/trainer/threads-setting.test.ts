// Runs in: vitest (Node). The run's `threads` setting: what the schema accepts, what older runs read as, and the
// count the trainer resolves it to.
import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { FORECAST_DEFAULTS, TEXT_DEFAULTS, describeZodError, forecastConfigSchema, runConfigSchema, textConfigSchema } from '../../shared/model/run-config';
import { threadCount } from '../../main/trainer/fused/kernel-threads';
import { trainingMultiplyAdds } from '../../main/core/batch-work';

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

  it('auto keeps a model whose batches are too small to share on fewer threads; a count is still taken as given', () => {
    const forecast = (cell: 'SimpleRNN' | 'GRU' | 'LSTM', window: number, layers = 1) =>
      trainingMultiplyAdds({ cell, layers, hiddenUnits: 32, bidirectional: false, steps: window, inputDim: 1 }, 64);
    // The course's SimpleRNN at window 5: about a million multiply-adds a batch, which two threads train slower.
    expect(forecast('SimpleRNN', 5)).toBe(3 * 5 * 32 * 33 * 64);
    expect(threadCount('auto', 8, forecast('SimpleRNN', 5))).toBe(1);
    expect(threadCount('auto', 8, forecast('SimpleRNN', 10))).toBe(1);
    expect(threadCount('auto', 8, forecast('SimpleRNN', 16))).toBe(2);
    expect(threadCount('auto', 8, forecast('GRU', 5))).toBe(2);
    expect(threadCount('auto', 2, forecast('LSTM', 5))).toBe(2);
    // Window 64: every one of the course's models gains from the cores it is given.
    for (const cell of ['SimpleRNN', 'GRU', 'LSTM'] as const) expect(threadCount('auto', 2, forecast(cell, 64))).toBe(2);
    expect(threadCount('auto', 8, forecast('LSTM', 64, 3))).toBe(8);
    // Stacked and bidirectional layers read the layer below's states (both directions'): more work a step.
    const stacked = trainingMultiplyAdds({ cell: 'LSTM', layers: 2, hiddenUnits: 32, bidirectional: true, steps: 1, inputDim: 1 }, 1);
    expect(stacked).toBe(3 * (2 * 4 * 32 * (1 + 32) + 2 * 4 * 32 * (64 + 32)));
    // The text model (Embedding 64 -> LSTM 64 over 200 words): far past the threshold.
    const text = trainingMultiplyAdds({ cell: 'LSTM', layers: 1, hiddenUnits: 64, bidirectional: false, steps: 200, inputDim: 64 }, 64);
    expect(threadCount('auto', 4, text)).toBe(4);
    expect(threadCount(2, 8, forecast('SimpleRNN', 5))).toBe(2);
    // A config without a field the estimate reads (an unknown cell) limits nothing.
    const unknown = trainingMultiplyAdds({ cell: undefined as unknown as 'LSTM', layers: 1, hiddenUnits: 32, bidirectional: false, steps: 5, inputDim: 1 }, 64);
    expect(threadCount('auto', 4, unknown)).toBe(4);
  });
});
