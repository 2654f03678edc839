// Runs in: vitest (jsdom). The parallel coordinates chart in the compare view: an axis per differing setting plus
// the metric, a titled line per run, and the same data in a table for screen readers.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { configFor, makeRun } from '../support/fake-api';
import { renderApp } from '../support/render-app';

describe('parallel coordinates in the compare view', () => {
  it('draws the settings that differ against the chosen metric, with an accessible table', async () => {
    const runs = [makeRun(1, configFor()), makeRun(2, configFor({ cell: 'LSTM', window: 24 })), makeRun(3, configFor({ cell: 'GRU', window: 12 }), 'failed')];
    runs[1] = { ...runs[1], metrics: { ...runs[1].metrics, test: { mae: 0.4, rmse: 0.55, mape: 7 } } };
    renderApp(runs);
    for (const id of [1, 2, 3]) await fireEvent.click(await screen.findByRole('checkbox', { name: `Select run ${id}` }));
    await fireEvent.click(screen.getByRole('button', { name: 'Compare' }));

    const chart = await screen.findByRole('img', { name: 'Compared settings against the metric' });
    const axisLabels = [...chart.querySelectorAll('.axis-label')].map((t) => t.textContent);
    expect(axisLabels).toEqual(['Window', 'Cell', 'Best validation loss']);
    // Window is numeric: ticks at its values; Cell is categorical.
    const ticks = [...chart.querySelectorAll('.axis')].map((axis) => [...axis.querySelectorAll('.tick-label')].map((t) => t.textContent));
    expect(ticks[0]).toEqual(['5', '12', '24']);
    expect(ticks[1]).toEqual(['SimpleRNN', 'LSTM', 'GRU']);
    const titles = [...chart.querySelectorAll('path title')].map((t) => t.textContent);
    expect(titles).toHaveLength(3);
    expect(titles).toContain('Run 2: Window 24, Cell LSTM, Best validation loss 0.009');
    // The failed run has a best loss from its two epochs; it is drawn and described too.
    expect(titles).toContain('Run 3: Window 12, Cell GRU, Best validation loss 0.045');

    const table = screen.getByRole('table', { name: /Compared settings against the metric: values per run/ });
    const rows = within(table).getAllByRole('row').slice(1).map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Run 1', '5', 'SimpleRNN', '0.009'],
      ['Run 2', '24', 'LSTM', '0.009'],
      ['Run 3', '12', 'GRU', '0.045'],
    ]);
    expect(chart.getAttribute('aria-describedby')).toBeTruthy();

    // Another metric: the axis and the table follow; a run without it says so.
    const metric = screen.getByRole('combobox', { name: 'Metric axis' });
    expect(within(metric).getAllByRole('option').map((o) => o.textContent)).toEqual(['Best validation loss', 'Test MAE', 'Test RMSE']);
    await fireEvent.change(metric, { target: { value: 'testMae' } });
    expect([...chart.querySelectorAll('.axis-label')].at(-1)?.textContent).toBe('Test MAE');
    expect([...chart.querySelectorAll('path title')].map((t) => t.textContent)).toContain('Run 3: Window 12, Cell GRU, Test MAE not available');
    expect(chart.querySelectorAll('path.none')).toHaveLength(1);
  });
});
