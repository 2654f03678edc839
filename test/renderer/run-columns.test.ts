// Runs in: vitest (jsdom). The runs table's column chooser: hide and show columns from a keyboard-usable list of
// checkboxes, the choice kept in localStorage across windows, and never fewer than one column.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import { COLUMNS_STORAGE_KEY } from '../../renderer/runs/column-choice.svelte';
import { RUN_COLUMNS } from '../../renderer/runs/run-columns';
import { configFor, makeRun } from '../support/fake-api';
import { renderApp } from '../support/render-app';

const stored = () => [makeRun(1, configFor()), makeRun(2, configFor({ cell: 'LSTM', window: 24 }), 'failed')];

const table = () => screen.getByRole('table', { name: 'Runs' });
/** Header texts of the chosen columns (after select, star and run; before actions). */
const headers = () => within(table()).getAllByRole('columnheader').slice(3, -1).map((th) => th.textContent?.replace(/[▲▼]/g, '').trim());
const columnsButton = () => screen.getByRole('button', { name: 'Columns' });
const menu = () => screen.getByRole('group', { name: 'Shown columns' });

async function openMenu(): Promise<HTMLElement> {
  await fireEvent.click(columnsButton());
  return menu();
}

describe('runs table column chooser', () => {
  beforeEach(() => localStorage.clear());

  it('shows the default columns and a checkbox per column, ticked as shown', async () => {
    renderApp(stored());
    await waitFor(() => expect(within(table()).getAllByRole('row')).toHaveLength(3));
    expect(headers()).toEqual(RUN_COLUMNS.filter((c) => c.shownByDefault).map((c) => c.label));
    expect(columnsButton().getAttribute('aria-expanded')).toBe('false');
    const list = await openMenu();
    expect(columnsButton().getAttribute('aria-expanded')).toBe('true');
    const boxes = within(list).getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.map((box) => box.checked)).toEqual(RUN_COLUMNS.map((c) => c.shownByDefault));
    // The first checkbox has the focus, so the keyboard can go on at once.
    expect(document.activeElement).toBe(boxes[0]);
  });

  it('hides and shows columns, cells included, and keeps the choice for the next window', async () => {
    const first = renderApp(stored());
    await waitFor(() => expect(within(table()).getAllByRole('row')).toHaveLength(3));
    const list = await openMenu();
    await fireEvent.click(within(list).getByRole('checkbox', { name: 'Window' }));
    await fireEvent.click(within(list).getByRole('checkbox', { name: 'Test RMSE' }));
    expect(headers()).not.toContain('Window');
    expect(headers()).toContain('Test RMSE');
    const runRow = within(table()).getAllByRole('row')[2]; // run 1 (newest first)
    const cells = within(runRow).getAllByRole('cell').map((cell) => cell.textContent?.trim());
    // Test RMSE of run 1 sits right after Test MAE.
    expect(cells[3 + headers().indexOf('Test RMSE')]).toBe('0.7');
    expect(JSON.parse(localStorage.getItem(COLUMNS_STORAGE_KEY) ?? '{}')).toEqual({ window: false, testRmse: true });
    first.unmount();

    renderApp(stored());
    await waitFor(() => expect(within(table()).getAllByRole('row')).toHaveLength(3));
    expect(headers()).not.toContain('Window');
    expect(headers()).toContain('Test RMSE');

    // "Default columns" brings the defaults back and forgets the choice.
    await fireEvent.click(within(await openMenu()).getByRole('button', { name: 'Default columns' }));
    expect(headers()).toEqual(RUN_COLUMNS.filter((c) => c.shownByDefault).map((c) => c.label));
    expect(localStorage.getItem(COLUMNS_STORAGE_KEY)).toBeNull();
  });

  it('keeps at least one column: the last shown one cannot be unticked', async () => {
    renderApp(stored());
    const list = await openMenu();
    const shown = (within(list).getAllByRole('checkbox') as HTMLInputElement[]).filter((box) => box.checked);
    for (const box of shown.slice(1)) await fireEvent.click(box);
    const last = shown[0];
    expect(last.checked).toBe(true);
    expect(last.disabled).toBe(true);
    expect(headers()).toEqual([RUN_COLUMNS.find((c) => c.shownByDefault)?.label]);
  });

  it('is usable from the keyboard: arrows move, Escape closes and returns to the button', async () => {
    renderApp(stored());
    const list = await openMenu();
    const boxes = within(list).getAllByRole('checkbox');
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(boxes[1]);
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    // Wraps from the first item to the last (the Done button).
    expect(document.activeElement).toBe(within(list).getByRole('button', { name: 'Done' }));
    await fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('group', { name: 'Shown columns' })).toBeNull();
    expect(document.activeElement).toBe(columnsButton());
  });

  it('falls back to the defaults when the stored choice is damaged', async () => {
    localStorage.setItem(COLUMNS_STORAGE_KEY, '{not json');
    renderApp(stored());
    await waitFor(() => expect(within(table()).getAllByRole('row')).toHaveLength(3));
    expect(headers()).toEqual(RUN_COLUMNS.filter((c) => c.shownByDefault).map((c) => c.label));
  });
});
