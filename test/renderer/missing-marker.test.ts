// Runs in: vitest (jsdom). "Mark -200 as missing" in one click (issue 15, item 6): the import's missing-marker finding
// offers the mark; once applied it says so with a way to undo, the column's figures leave the marker out, and the
// run's config carries it (the CLI's --mark-missing); undo takes it all back.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ForecastConfig } from '../../shared/model/config';
import type { DatasetSummary } from '../../shared/model/dataset';
import { SZEGED } from '../support/fake-api';
import { renderApp } from '../support/render-app';
import { columnFigures, offeredMark } from '../../shared/model/missing-markers';

/** What the importer reports for test/fixtures/air-quality-2004-h1.csv's T column (test/core/forecast-issue15 checks
 * the real import gives these figures). */
const T_MARKER = {
  code: 'missing-marker',
  level: 'warning' as const,
  column: 'T',
  value: -200,
  count: 79,
  others: { count: 2615, min: 6.1, max: 42.2, mean: 19.8258 },
  message: 'T is -200 in 79 rows: probably a missing-value marker (its other values lie between 6.1 and 42.2)',
};

const AIR: DatasetSummary = {
  ...SZEGED,
  id: 'b'.repeat(64),
  sha256: 'b'.repeat(64),
  fileName: 'air-quality-2004-h1.csv',
  rowsRead: 2694,
  rowsUsed: 2694,
  columns: [
    { name: 'Time', type: 'datetime', missing: 0, distinct: 2694 },
    { name: 'T', type: 'number', missing: 0, distinct: 327, min: -200, max: 42.2, mean: 13.3795 },
    { name: 'RH', type: 'number', missing: 0, distinct: 700, min: -200, max: 88.7, mean: 40.1 },
  ],
  timeColumn: 'Time',
  previewRows: [['2004-03-10 18:00', '13.6', '48.9']],
  findings: [T_MARKER, { code: 'sorted', level: 'info', message: 'Rows sorted by Time' }],
};

const row = (name: string) =>
  [...within(screen.getByRole('table', { name: 'Columns' })).getByRole('rowheader', { name: new RegExp(`^${name}\\b`) }).parentElement!.children].map((c) =>
    c.textContent?.trim(),
  );

describe('mark a missing-value marker as missing', () => {
  it('offers the finding\'s value and column as a mark, and a zero sentinel its 0', () => {
    expect(offeredMark(T_MARKER)).toEqual({ column: 'T', value: -200 });
    expect(offeredMark({ code: 'zero-sentinel', level: 'warning', message: '', column: 'P' })).toEqual({ column: 'P', value: 0 });
    expect(offeredMark({ code: 'sorted', level: 'info', message: '' })).toBeNull();
    const figures = columnFigures(AIR.columns[1], AIR.findings, () => true);
    expect(figures).toEqual({ missing: 79, min: 6.1, mean: 19.8258, max: 42.2, marked: [-200] });
    expect(columnFigures(AIR.columns[1], AIR.findings, () => false)).toMatchObject({ missing: 0, min: -200, marked: [] });
  });

  it('applies -200 in one click, says so, shows the column without it, trains with it, and undoes it', async () => {
    const fake = renderApp([], { before: (f) => f.api.importSample.mockImplementation(async () => AIR) });
    fake.api.previewWindows.mockRejectedValue(new Error('not needed here'));
    await fireEvent.click(await screen.findByRole('button', { name: 'Load szeged-weather' }));
    await fireEvent.change(await screen.findByRole('combobox', { name: 'Target column' }), { target: { value: 'T' } });

    expect(row('T')).toEqual(['T', 'number', '0', '327', '-200', '13.38', '42.2']);
    const mark = screen.getByRole('button', { name: 'Mark -200 in T as missing' });
    expect(mark.textContent?.trim()).toBe('Mark -200 as missing');
    await fireEvent.click(mark);

    expect(screen.getByText('Applied: -200 in T counts as missing in the window preview and in training.')).toBeTruthy();
    expect(row('T')).toEqual(['T', 'number  -200 marked missing', '79', '327', '6.1', '19.83', '42.2']);
    // The form shows the column's missing values and their policy, as for any column with gaps, counting the marked.
    const policy = screen.getByRole('combobox', { name: 'Missing values in T' });
    const hint = () => policy.parentElement!.querySelector('.hint')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(hint()).toBe('79 missing (79 marked: -200) Unmark -200 in T');

    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    await waitFor(() => expect(fake.api.startTraining).toHaveBeenCalledTimes(1));
    expect((fake.api.startTraining.mock.calls[0][0] as ForecastConfig).sentinels).toEqual([{ column: 'T', value: -200 }]);

    await fireEvent.click(screen.getByRole('button', { name: 'Undo: unmark -200 in T' }));
    expect(screen.getByRole('button', { name: 'Mark -200 in T as missing' })).toBeTruthy();
    expect(row('T')).toEqual(['T', 'number', '0', '327', '-200', '13.38', '42.2']);
    expect(screen.queryByRole('combobox', { name: 'Missing values in T' })).toBeNull();
  });

  it('says a mark on a column the model does not read waits until it does', async () => {
    renderApp([], { before: (f) => f.api.importSample.mockImplementation(async () => AIR) });
    await fireEvent.click(await screen.findByRole('button', { name: 'Load szeged-weather' }));
    await fireEvent.change(await screen.findByRole('combobox', { name: 'Target column' }), { target: { value: 'RH' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Mark -200 in T as missing' }));
    expect(screen.getByText('Marked: -200 in T counts as missing once T is the target or an input.')).toBeTruthy();
  });
});
