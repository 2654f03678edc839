// Runs in: vitest (jsdom). Prediction intervals in the window (issue 15, item 1): each level becomes a lower edge and
// an upper edge filled down to it, named once in the legend; the chart's description names them; the metrics show
// each level's test coverage and mean width.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { configFor, makeRun } from '../support/fake-api';
import { renderApp } from '../support/render-app';
import { intervalSeries, intervalWords, predictionSeries } from '../../renderer/ui/charts/series';
import type { RunDetail } from '../../shared/model/run';

describe('interval bands as chart series', () => {
  const bands = [
    { level: 0.8, lower: [1, 2], upper: [3, 4] },
    { level: 0.95, lower: [0, 1], upper: [4, 5] },
  ];

  it('draws the widest band first, each as a hidden lower edge and an upper edge filled down to it', () => {
    const series = intervalSeries(bands, (i) => 100 + i);
    expect(series.map((s) => [s.label, s.legend, Boolean(s.fillToPrevious), s.noLine])).toEqual([
      ['95% interval, lower', false, false, true],
      ['95% interval, upper', '95% interval', true, true],
      ['80% interval, lower', false, false, true],
      ['80% interval, upper', '80% interval', true, true],
    ]);
    expect(series[3].points).toEqual([{ x: 100, y: 3 }, { x: 101, y: 4 }]);
    // The narrower band is the stronger colour.
    const alpha = (colour: string) => Number(/([\d.]+)\)$/.exec(colour)?.[1]);
    expect(alpha(series[3].fillToPrevious!)).toBeGreaterThan(alpha(series[1].fillToPrevious!));
  });

  it('adds the bands after the truth, model and persistence lines, on the same x', () => {
    const lines = predictionSeries({ times: [5, 6], truth: [2, 3], predicted: [2, 3], persistence: [2, 2], intervals: bands });
    expect(lines.map((line) => line.label).slice(0, 3)).toEqual(['Truth', 'Model', 'Persistence']);
    expect(lines).toHaveLength(7);
    expect(lines[6].points.map((p) => p.x)).toEqual([5, 6]);
    expect(intervalWords(bands)).toBe('80% and 95% prediction intervals');
    expect(intervalWords([])).toBe('');
  });
});

function runWithIntervals(): RunDetail {
  const run = makeRun(9, configFor({ intervals: [0.8, 0.95] }));
  const predicted = run.predictions!.predicted;
  return {
    ...run,
    metrics: {
      ...run.metrics!,
      test: { mae: 0.5, rmse: 0.7, mape: 8, intervals: [{ level: 0.95, coverage: 0.9412, meanWidth: 4.2 }, { level: 0.8, coverage: 0.7831, meanWidth: 2.64 }] },
    },
    predictions: {
      ...run.predictions!,
      intervals: [
        { level: 0.8, lower: predicted.map((p) => p - 1.32), upper: predicted.map((p) => p + 1.32) },
        { level: 0.95, lower: predicted.map((p) => p - 2.1), upper: predicted.map((p) => p + 2.1) },
      ],
    },
  };
}

describe('a finished run with prediction intervals', () => {
  it('shows each level\'s test coverage, its gap to the level and its mean width beside the metrics', async () => {
    renderApp([runWithIntervals()]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 9' }));
    const table = await screen.findByRole('table', { name: 'Prediction intervals on the test split' });
    const rows = within(table).getAllByRole('row').slice(1).map((row) => [...row.children].map((c) => c.textContent?.trim()));
    expect(rows).toEqual([
      ['80%', '78.3 %', '−1.7', '2.64'],
      ['95%', '94.1 %', '−0.9', '4.2'],
    ]);
    expect(screen.getByText(/test steps of Temperature \(C\): truth, model prediction with its 80% and 95% prediction intervals/)).toBeTruthy();
  });

  it('shows no interval table for a run without intervals', async () => {
    renderApp([makeRun(3, configFor())]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 3' }));
    await screen.findByRole('table', { name: /Metrics/ });
    expect(screen.queryByRole('table', { name: 'Prediction intervals on the test split' })).toBeNull();
  });
});
