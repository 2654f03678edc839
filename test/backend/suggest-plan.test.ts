// Runs in: vitest (Node). The pure parts of backtests and "suggest a setup": fold boundaries, the candidates drawn,
// the epochs a budget affords, and the verdict's wording on both sides of the clear margin.
import { describe, expect, it } from 'vitest';
import { backtestFolds } from '../../main/core/forecast/backtest-folds';
import { splitRows } from '../../main/core/forecast/split';
import { affordableEpochs, candidateTransforms, candidateWindows, drawCandidates } from '../../main/backend/experiments/suggest-plan';
import { suggestVerdict } from '../../main/backend/experiments/suggest-verdict';
import type { ForecastMetrics } from '../../shared/model/metrics';

describe('backtest folds', () => {
  it('end with the single run split, test blocks back to back, training growing or sliding', () => {
    const split = { train: 0.7, validation: 0.15 };
    const single = splitRows(96_429, split);
    const expanding = backtestFolds(96_429, split, { folds: 5, mode: 'expanding' }, 50);
    expect(expanding.at(-1)).toEqual({ trainStart: 0, validationStart: single.validation.start, testStart: single.test.start, testEnd: 96_429 });
    for (let i = 1; i < 5; i++) {
      expect(expanding[i].testStart).toBe(expanding[i - 1].testEnd);
      expect(expanding[i].testStart - expanding[i].validationStart).toBe(single.validation.end - single.validation.start);
    }
    const sliding = backtestFolds(96_429, split, { folds: 5, mode: 'sliding' }, 50);
    expect(new Set(sliding.map((f) => f.validationStart - f.trainStart)).size).toBe(1);
    expect(sliding[0]).toEqual(expanding[0]);
    expect(() => backtestFolds(96_429, split, { folds: 6, mode: 'expanding' }, 50)).toThrow(/use fewer folds/);
  });
});

describe('suggest plan', () => {
  it('draws distinct candidates around the season, the default setup and its difference first', () => {
    expect(candidateWindows('hourly', 1000)).toEqual([6, 24, 48]);
    expect(candidateWindows(null, 12)).toEqual([5, 10]);
    expect(candidateTransforms('hourly', { min: -20, max: 40, mean: 12 })).toEqual(['none', 'difference', 'seasonal-difference']);
    expect(candidateTransforms(null, { min: 0, max: 1000, mean: 30 })).toEqual(['none', 'difference', 'log']);
    const base = { cell: 'SimpleRNN' as const, hiddenUnits: 32, layers: 1, learningRate: 0.001 };
    const drawn = drawCandidates(base, [6, 24, 48], ['none', 'difference'], 9, 0);
    expect(drawn).toHaveLength(9);
    expect(new Set(drawn.map((c) => JSON.stringify(c))).size).toBe(9);
    expect(drawn[0]).toEqual({ ...base, window: 24, targetTransform: 'none' });
    expect(drawn[1]).toEqual({ ...base, window: 24, targetTransform: 'difference' });
    expect(drawCandidates(base, [6, 24, 48], ['none', 'difference'], 9, 0)).toEqual(drawn);
  });

  it('fits epochs to the time left', () => {
    // Two runs at once, 10 s overhead and 2 s an epoch each: 60 s leave (60 - 10) / 2 = 25 epochs.
    expect(affordableEpochs(60, [{ overhead: 10, perEpoch: 2 }, { overhead: 10, perEpoch: 2 }], 2, 3, 40)).toBe(25);
    expect(affordableEpochs(5, [{ overhead: 10, perEpoch: 2 }], 1, 3, 40)).toBe(3);
  });
});

describe('suggest verdict', () => {
  const m = (mae: number, r2: number): ForecastMetrics => ({ mae, rmse: mae * 1.3, mape: null, r2 });
  it('says by how much the best setup beats the best baseline', () => {
    const verdict = suggestVerdict(m(0.5, 0.99), { persistence: m(0.6, 0.98), linear: m(0.55, 0.985) }, 'GRU 1x32, window 24');
    expect(verdict).toMatchObject({ beatsBaseline: true, bestBaseline: 'linear' });
    expect(verdict.text).toBe('GRU 1x32, window 24 beats the best baseline, linear regression, by 9.1% on test MAE (0.5000 against 0.5500).');
  });

  it('says plainly when nothing beat it, and why that is common', () => {
    const noise = suggestVerdict(m(2.51, 0.0), { windowMean: m(2.5, -0.05), persistence: m(3.3, -1) }, 'LSTM 1x16, window 5');
    expect(noise.beatsBaseline).toBe(false);
    expect(noise.text).toMatch(/^Nothing tried beat mean of the window by a clear margin: the best setup \(LSTM 1x16, window 5\) is level with it .*noise around its level/);
    const smooth = suggestVerdict(m(0.9, 0.97), { persistence: m(0.8, 0.98) }, 'SimpleRNN 1x32, window 24');
    expect(smooth.text).toMatch(/is 12\.5% worse .*changes little from one step to the next/);
  });
});
