// Runs in: vitest (jsdom). Getting a CSV in: file input, window drop, progress, preview, and errors.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../shared/model/dataset';
import { SZEGED } from '../support/fake-api';
import { renderApp } from '../support/render-app';

function csvFile(name = 'weather.csv'): File {
  return new File(['time,temp\n2020-01-01 00:00,1.5\n2020-01-01 01:00,1.7\n'], name, { type: 'text/csv' });
}

/** A promise the test settles itself, to look at the UI while an import is in flight. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('import', () => {
  it('imports the file chosen in the "CSV file" input and previews the dataset', async () => {
    const fake = renderApp();
    const input = screen.getByLabelText('CSV file') as HTMLInputElement;
    const file = csvFile();
    await fireEvent.change(input, { target: { files: [file] } });
    expect(fake.api.importFile).toHaveBeenCalledWith(file);

    const preview = await screen.findByRole('region', { name: 'Dataset' });
    expect(within(preview).getByText('weather.csv')).toBeTruthy();
    const fact = (term: string) => within(preview).getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(fact('Rows read')).toBe('3,000');
    expect(fact('Rows used')).toBe('2,976');
    expect(fact('Time column')).toBe('Formatted Date');
    expect(fact('Frequency')).toBe('hourly');

    const columns = within(preview).getByRole('table', { name: 'Columns' });
    const precip = within(columns).getByRole('row', { name: /Precip Type/ });
    const cellsOf = (row: HTMLElement) => within(row).getAllByRole('cell').map((c) => c.textContent?.trim());
    expect(cellsOf(precip)).toEqual(['category', '4', '2', '—', '—', '—']);
    // The time axis is marked after the type, so "name, type" still read in order.
    expect(cellsOf(within(columns).getByRole('row', { name: /Formatted Date/ }))[0]).toBe('datetime time axis');

    const rows = within(preview).getByRole('table', { name: 'First rows' });
    expect(within(rows).getAllByRole('row')).toHaveLength(1 + SZEGED.previewRows.length);
    expect(within(rows).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(SZEGED.columns.map((c) => c.name));

    const findings = within(preview).getByRole('list', { name: /Findings/ });
    const items = within(findings).getAllByRole('listitem');
    expect(items.map((item) => item.className.includes('warning'))).toEqual([true, true, false]);
    expect(items[0].textContent).toContain('Warning');
    expect(items[0].textContent).toContain('24 duplicate rows dropped');
  });

  it('"Open CSV…" and the drop zone open the file picker', async () => {
    renderApp();
    const input = screen.getByLabelText('CSV file') as HTMLInputElement;
    let opened = 0;
    input.addEventListener('click', () => (opened += 1));
    await fireEvent.click(screen.getByRole('button', { name: 'Open CSV…' }));
    await fireEvent.click(screen.getByRole('button', { name: /Drop a CSV file here/ }));
    expect(opened).toBe(2);
  });

  it('accepts a file dropped anywhere on the window', async () => {
    const fake = renderApp();
    const file = csvFile('dropped.csv');
    await fireEvent.drop(window, { dataTransfer: { types: ['Files'], files: [file] } });
    expect(fake.api.importFile).toHaveBeenCalledWith(file);
    expect(await screen.findByText('dropped.csv')).toBeTruthy();
  });

  it('shows a progress bar fed by import-progress events while importing', async () => {
    const fake = renderApp();
    const pending = deferred<DatasetSummary>();
    fake.api.importFile.mockReturnValueOnce(pending.promise);
    await fireEvent.change(screen.getByLabelText('CSV file'), { target: { files: [csvFile('big.csv')] } });

    const bar = await screen.findByRole('progressbar', { name: 'Importing big.csv' });
    expect(bar.getAttribute('aria-valuenow')).toBeNull();
    fake.emit({ type: 'import-progress', fileName: 'big.csv', fraction: 0.42 });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('42'));

    pending.resolve({ ...SZEGED, fileName: 'big.csv' });
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  });

  it('shows the API error text as is in an alert', async () => {
    const fake = renderApp();
    const message = 'bad.csv has no header row: the first line must name the columns, e.g. "time,temperature".';
    fake.api.importFile.mockRejectedValueOnce(new Error(message));
    await fireEvent.change(screen.getByLabelText('CSV file'), { target: { files: [csvFile('bad.csv')] } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(message);
    expect(screen.queryByRole('region', { name: 'Dataset' })).toBeNull();
  });

  it('loads a bundled sample by name', async () => {
    const fake = renderApp();
    await fireEvent.click(await screen.findByRole('button', { name: 'Load airline-passengers' }));
    expect(fake.api.importSample).toHaveBeenCalledWith('airline-passengers');
    expect(await screen.findByText('airline-passengers.csv')).toBeTruthy();
  });
});
