// Runs in: vitest (jsdom). The experiment log's table: sorting by column, filters, star, tags and note, archive,
// delete with a confirm step, and picking 2-10 runs to compare.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { configFor, makeRun } from '../support/fake-api';
import { renderApp } from '../support/render-app';

const stored = () => [
  makeRun(1, configFor(), 'completed'),
  makeRun(2, configFor({ cell: 'LSTM', layers: 2, hiddenUnits: 64, window: 24 }), 'failed'),
  makeRun(3, configFor({ cell: 'GRU', bidirectional: true, epochs: 20 }), 'completed'),
];

const table = () => screen.getByRole('table', { name: 'Runs' });
const bodyRows = () => within(table()).getAllByRole('row').slice(1);
const shownIds = () => bodyRows().map((row) => within(row).getByRole('button', { name: /^Open run/ }).textContent?.trim());
const header = (name: string) => within(table()).getByRole('button', { name: new RegExp(`^${name}`) }).closest('th')!;

describe('runs table: sort and filter', () => {
  it('sorts by a column header, toggling the direction, and says so with aria-sort', async () => {
    const fake = renderApp(stored());
    await waitFor(() => expect(shownIds()).toEqual(['#3', '#2', '#1']));
    expect(header('Date').getAttribute('aria-sort')).toBe('descending');

    await fireEvent.click(within(table()).getByRole('button', { name: /^Window/ }));
    await waitFor(() => expect(header('Window').getAttribute('aria-sort')).toBe('descending'));
    expect(header('Date').hasAttribute('aria-sort')).toBe(false);
    expect(fake.api.queryRuns).toHaveBeenLastCalledWith(expect.objectContaining({ sort: { column: 'window', direction: 'desc' }, offset: 0 }));
    expect(shownIds()[0]).toBe('#2');

    await fireEvent.click(within(table()).getByRole('button', { name: /^Window/ }));
    await waitFor(() => expect(header('Window').getAttribute('aria-sort')).toBe('ascending'));
    expect(shownIds().at(-1)).toBe('#2');

    // Metrics sort best (lowest) first; runs without a metric go last.
    await fireEvent.click(within(table()).getByRole('button', { name: /^Test MAE/ }));
    await waitFor(() => expect(header('Test MAE').getAttribute('aria-sort')).toBe('ascending'));
    expect(shownIds().at(-1)).toBe('#2');
  });

  it('filters by text, status and cell', async () => {
    const fake = renderApp(stored());
    await waitFor(() => expect(bodyRows()).toHaveLength(3));
    await fireEvent.input(screen.getByRole('searchbox', { name: 'Filter runs' }), { target: { value: 'lstm' } });
    await waitFor(() => expect(shownIds()).toEqual(['#2']));
    expect(fake.api.queryRuns).toHaveBeenLastCalledWith(expect.objectContaining({ filter: { text: 'lstm' } }));
    await fireEvent.input(screen.getByRole('searchbox', { name: 'Filter runs' }), { target: { value: '' } });
    await waitFor(() => expect(bodyRows()).toHaveLength(3));

    await fireEvent.change(screen.getByRole('combobox', { name: 'Status filter' }), { target: { value: 'completed' } });
    await waitFor(() => expect(shownIds()).toEqual(['#3', '#1']));
    await fireEvent.change(screen.getByRole('combobox', { name: 'RNN type filter' }), { target: { value: 'GRU' } });
    await waitFor(() => expect(shownIds()).toEqual(['#3']));
    expect(fake.api.queryRuns).toHaveBeenLastCalledWith(expect.objectContaining({ filter: { status: 'completed', cell: 'GRU' } }));

    await fireEvent.change(screen.getByRole('combobox', { name: 'Status filter' }), { target: { value: 'running' } });
    expect(await screen.findByText('No runs match these filters.')).toBeTruthy();
  });
});

describe('runs table: star, tags and note, archive, delete', () => {
  it('stars a run with a toggle button', async () => {
    const fake = renderApp(stored());
    const star = await screen.findByRole('button', { name: 'Star run 1' });
    expect(star.getAttribute('aria-pressed')).toBe('false');
    await fireEvent.click(star);
    expect(fake.api.updateRun).toHaveBeenCalledWith(1, { starred: true });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Star run 1' }).getAttribute('aria-pressed')).toBe('true'));
    // Starring does not open the run.
    expect(fake.api.getRun).not.toHaveBeenCalled();
  });

  it('edits tags and a note, then filters by the tag', async () => {
    const fake = renderApp(stored());
    await fireEvent.click(await screen.findByRole('button', { name: 'Edit tags and note of run 1' }));
    const form = screen.getByRole('form', { name: 'Edit run 1' });
    await fireEvent.input(within(form).getByLabelText('Tags'), { target: { value: 'baseline,  keep ,' } });
    await fireEvent.input(within(form).getByLabelText('Note'), { target: { value: ' first try ' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(fake.api.updateRun).toHaveBeenCalledWith(1, { tags: ['baseline', 'keep'], note: 'first try' });
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit run 1' })).toBeNull());
    expect(within(bodyRows()[2]).getByText('baseline, keep')).toBeTruthy();

    await fireEvent.change(await screen.findByRole('combobox', { name: 'Tag filter' }), { target: { value: 'keep' } });
    await waitFor(() => expect(shownIds()).toEqual(['#1']));
  });

  it('archives a run out of the table and shows it again with "Show archived"', async () => {
    const fake = renderApp(stored());
    await fireEvent.click(await screen.findByRole('button', { name: 'Archive run 1' }));
    expect(fake.api.updateRun).toHaveBeenCalledWith(1, { archived: true });
    await waitFor(() => expect(shownIds()).toEqual(['#3', '#2']));
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Show archived' }));
    await waitFor(() => expect(shownIds()).toEqual(['#3', '#2', '#1']));
    expect(screen.getByRole('button', { name: 'Unarchive run 1' })).toBeTruthy();
  });

  it('deletes only after the confirm step, and not a run that is still training', async () => {
    const fake = renderApp([...stored(), makeRun(4, configFor(), 'running')]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Delete run 2' }));
    let dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toMatch(/Delete run 2\?.*cannot be undone/);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.api.deleteRun).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByRole('button', { name: 'Delete run 2' }));
    dialog = screen.getByRole('alertdialog');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(fake.api.deleteRun).toHaveBeenCalledWith(2);
    await waitFor(() => expect(shownIds()).toEqual(['#4', '#3', '#1']));
    expect((screen.getByRole('button', { name: 'Delete run 4' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows an error from an edit in an alert', async () => {
    const fake = renderApp(stored());
    fake.api.updateRun.mockRejectedValueOnce(new Error('Invalid arguments to updateRun: tags: A run has at most 20 tags'));
    await fireEvent.click(await screen.findByRole('button', { name: 'Star run 3' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/at most 20 tags/);
  });
});

describe('runs table: picking runs to compare', () => {
  it('enables Compare for 2 to 10 ticked runs only', async () => {
    const many = Array.from({ length: 11 }, (_, i) => makeRun(i + 1, configFor({ window: i + 2 })));
    const fake = renderApp(many);
    const compare = await screen.findByRole('button', { name: 'Compare' });
    expect((compare as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(await screen.findByRole('checkbox', { name: 'Select run 4' }));
    expect((compare as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Select run 2' }));
    expect((compare as HTMLButtonElement).disabled).toBe(false);
    for (const id of [1, 3, 5, 6, 7, 8, 9, 10, 11]) await fireEvent.click(screen.getByRole('checkbox', { name: `Select run ${id}` }));
    expect((compare as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Select run 11' }));
    expect((compare as HTMLButtonElement).disabled).toBe(false);
    // Ticking does not open a run.
    expect(fake.api.getRun).not.toHaveBeenCalled();
  });
});
