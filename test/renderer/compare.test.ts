// Runs in: vitest (jsdom). The compare view: opened from the runs table with 2-10 ticked runs; loss curves one
// colour per run, only the settings that differ (with a toggle for all), metrics beside persistence, predictions.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { configFor, makeRun } from '../support/fake-api';
import { renderApp } from '../support/render-app';
import { RUN_COLORS, compareLossSeries, comparePredictionSeries } from '../../renderer/compare/compare-text';
import { settingLabel } from '../../renderer/ui/config-text';

const stored = () => [
  makeRun(1, configFor(), 'completed'),
  makeRun(2, configFor({ cell: 'LSTM', window: 24 }), 'completed'),
  makeRun(3, configFor({ cell: 'GRU', split: { train: 0.6, validation: 0.2 } }), 'failed'),
];

async function compareRuns(ids: number[]) {
  for (const id of ids) await fireEvent.click(await screen.findByRole('checkbox', { name: `Select run ${id}` }));
  await fireEvent.click(screen.getByRole('button', { name: 'Compare' }));
  return screen.findByRole('table', { name: 'Settings that differ' });
}

const rowHeaders = (table: HTMLElement) => within(table).queryAllByRole('rowheader').map((cell) => cell.textContent?.trim());

describe('compare view', () => {
  it('shows only the settings that differ, with their values per run, and all of them on request', async () => {
    const fake = renderApp(stored());
    const settings = await compareRuns([1, 2]);
    expect(fake.api.compareRuns).toHaveBeenCalledWith([1, 2]);
    expect(screen.getByRole('heading', { name: 'Compare runs 1, 2' })).toBeTruthy();
    expect(rowHeaders(settings)).toEqual(['Window', 'Cell']);
    const cells = within(settings).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((c) => c.textContent));
    expect(cells).toEqual([
      ['5', '24'],
      ['SimpleRNN', 'LSTM'],
    ]);

    await fireEvent.click(screen.getByRole('checkbox', { name: 'Show all settings' }));
    const all = await screen.findByRole('table', { name: 'All settings' });
    expect(rowHeaders(all)).toEqual(expect.arrayContaining(['Window', 'Cell', 'Hidden units', 'Train fraction', 'Learning rate']));
    expect(rowHeaders(all).length).toBeGreaterThan(10);
  });

  it('names nested settings, and lays the metrics side by side with persistence', async () => {
    renderApp(stored());
    const settings = await compareRuns([1, 3]);
    expect(rowHeaders(settings)).toEqual(['Cell', 'Train fraction', 'Validation fraction']);
    const metrics = screen.getByRole('table', { name: 'Compared metrics' });
    const row = (name: string) => within(within(metrics).getByRole('rowheader', { name }).closest('tr')!).getAllByRole('cell').map((c) => c.textContent);
    expect(row('Status')).toEqual(['Completed', 'Failed']);
    expect(row('Test MAE')).toEqual(['0.5', '—']);
    expect(row('Persistence MAE')).toEqual(['1', '—']);
    // The run panel's verdict: skill over the best baseline (here persistence, the only one these runs have).
    expect(row('Skill vs best baseline')).toEqual(['50%', '—']);
    expect(screen.getByRole('img', { name: 'Compared loss chart' })).toBeTruthy();
    // A failed run has no predictions, so they are not overlaid; the view says why.
    expect(screen.queryByRole('img', { name: 'Compared predictions chart' })).toBeNull();
    expect(screen.getByText(/no stored predictions/)).toBeTruthy();
  });

  it('marks the best value of each metric row, lower or higher as the metric reads', async () => {
    const runs = stored();
    runs[1] = makeRun(2, configFor({ cell: 'LSTM', window: 24 }), 'completed');
    runs[1].metrics = { ...runs[0].metrics!, test: { ...runs[0].metrics!.test!, mae: 0.4, rmse: 0.9 } } as typeof runs[0]['metrics'];
    renderApp(runs);
    await compareRuns([1, 2]);
    const metrics = screen.getByRole('table', { name: 'Compared metrics' });
    const best = (name: string) =>
      within(within(metrics).getByRole('rowheader', { name }).closest('tr')!).getAllByRole('cell').map((c) => c.textContent?.includes('(best)'));
    expect(best('Test MAE')).toEqual([false, true]);
    expect(best('Skill vs best baseline')).toEqual([false, true]);
    // Words are never "best".
    expect(best('Status')).toEqual([false, false]);
  });

  it('overlays predictions of runs over the same data, and closes', async () => {
    renderApp(stored());
    await compareRuns([1, 2]);
    expect(screen.getByRole('img', { name: 'Compared predictions chart' })).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Close comparison' }));
    await waitFor(() => expect(screen.queryByRole('table', { name: 'Settings that differ' })).toBeNull());
  });

  it('shows an error from compareRuns in an alert', async () => {
    const fake = renderApp(stored());
    fake.api.compareRuns.mockRejectedValueOnce(new Error('Run 2 is not in the run log at /x/runs.db.'));
    for (const id of [1, 2]) await fireEvent.click(await screen.findByRole('checkbox', { name: `Select run ${id}` }));
    await fireEvent.click(screen.getByRole('button', { name: 'Compare' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Run 2 is not in the run log/);
  });
});

describe('compare chart series', () => {
  it('gives each run one colour for its train (solid) and validation (dashed) loss, named after the run', () => {
    const runs = stored().map((run) => ({ run, epochs: run.epochs }));
    const lines = compareLossSeries(runs);
    expect(lines.map((line) => line.label)).toEqual([
      'Run 1 train', 'Run 1 validation', 'Run 2 train', 'Run 2 validation', 'Run 3 train', 'Run 3 validation',
    ]);
    expect(lines.map((line) => line.color)).toEqual([RUN_COLORS[0], RUN_COLORS[0], RUN_COLORS[1], RUN_COLORS[1], RUN_COLORS[2], RUN_COLORS[2]]);
    expect(lines.map((line) => !!line.dashed)).toEqual([false, true, false, true, false, true]);
  });

  it('aligns predictions without times on their last step', () => {
    const series = (n: number) => ({ times: null, truth: Array.from({ length: n }, (_, i) => i), predicted: new Array(n).fill(1), persistence: new Array(n).fill(0) });
    const lines = comparePredictionSeries([{ runId: 1, series: series(5) }, { runId: 2, series: series(3) }]);
    expect(lines.map((line) => line.label)).toEqual(['Truth', 'Run 1', 'Run 2']);
    expect(lines[2].points.map((p) => p.x)).toEqual([2, 3, 4]);
    expect(lines[0].points.map((p) => p.x)).toEqual([0, 1, 2, 3, 4]);
  });

  it('labels settings for people, keeping unknown keys as they are', () => {
    expect(settingLabel('split.train')).toBe('Train fraction');
    expect(settingLabel('someNewSetting')).toBe('someNewSetting');
  });
});
