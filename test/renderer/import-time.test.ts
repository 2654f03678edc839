// Runs in: vitest (jsdom). The import's time choices: asking day-first or month-first when the file cannot say (and
// re-reading it with the answer), showing a time assembled from parts, and "no time column" (evenly spaced rows).
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../shared/model/dataset';
import type { ImportOptions } from '../../shared/model/forecast-data';
import { SZEGED } from '../support/fake-api';
import { renderApp } from '../support/render-app';

const AMBIGUOUS: DatasetSummary = {
  ...SZEGED,
  fileName: 'london.csv',
  timeColumn: 'time',
  dateAmbiguity: { column: 'time', examples: ['11/11/2011 0:00', '11/11/2011 1:00'], assumed: 'dmy' },
  importOptions: {},
};

async function importSummary(summary: DatasetSummary) {
  const fake = renderApp();
  fake.api.importFile.mockImplementation(async () => summary);
  fake.api.reimport.mockImplementation(async (_id: string, options: ImportOptions) => ({
    ...summary,
    importOptions: options,
    dateAmbiguity: summary.dateAmbiguity ? { ...summary.dateAmbiguity, assumed: options.dateOrder ?? 'dmy' } : null,
    timeColumn: options.noTime ? null : summary.timeColumn,
  }));
  const input = screen.getByLabelText('CSV file') as HTMLInputElement;
  await fireEvent.change(input, { target: { files: [new File(['a'], summary.fileName)] } });
  const preview = await screen.findByRole('region', { name: 'Dataset' });
  return { fake, preview };
}

describe('time choices', () => {
  it('asks day first or month first with examples, and re-reads the file with the answer', async () => {
    const { fake, preview } = await importSummary(AMBIGUOUS);
    const question = within(preview).getByRole('group', { name: /How are the dates in time written/ });
    expect(question.textContent).toContain('e.g. 11/11/2011 0:00, 11/11/2011 1:00');
    expect(question.textContent).toContain('read day first until you choose');

    await fireEvent.click(within(question).getByRole('button', { name: 'Month first (12/31)' }));
    expect(fake.api.reimport).toHaveBeenCalledWith(SZEGED.id, { dateOrder: 'mdy' });
    const answered = await within(preview).findByRole('group', { name: /are read month first, as you chose/ });
    expect(within(answered).getByRole('button', { name: 'Month first (12/31)' }).getAttribute('aria-pressed')).toBe('true');
    expect(within(answered).getByRole('button', { name: 'Day first (31/12)' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('asks nothing when the file settles the order', async () => {
    const { preview } = await importSummary({ ...SZEGED, dateAmbiguity: null, importOptions: {} });
    expect(within(preview).queryByRole('button', { name: 'Day first (31/12)' })).toBeNull();
  });

  it('shows the columns a time was assembled from', async () => {
    const { preview } = await importSummary({ ...SZEGED, timeColumn: null, timeParts: ['year', 'month', 'day', 'hour'], importOptions: {} });
    const fact = within(preview).getByText('Time column', { selector: 'dt' }).nextElementSibling?.textContent;
    expect(fact).toBe('year + month + day + hour');
    expect(within(preview).getByText('Time built from year + month + day + hour')).toBeTruthy();
  });

  it('"No time column" re-reads the rows as evenly spaced, and unticking brings the time back', async () => {
    const { fake, preview } = await importSummary(AMBIGUOUS);
    const box = within(preview).getByRole('checkbox', { name: 'No time column (evenly spaced rows)' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await fireEvent.click(box);
    expect(fake.api.reimport).toHaveBeenLastCalledWith(SZEGED.id, { noTime: true });
    await waitFor(() => expect((within(preview).getByRole('checkbox', { name: /No time column/ }) as HTMLInputElement).checked).toBe(true));
    expect(within(preview).getByText('Time column', { selector: 'dt' }).nextElementSibling?.textContent).toBe('none');
    // The date question is moot without a time axis.
    expect(within(preview).queryByRole('button', { name: 'Day first (31/12)' })).toBeNull();

    await fireEvent.click(within(preview).getByRole('checkbox', { name: /No time column/ }));
    expect(fake.api.reimport).toHaveBeenLastCalledWith(SZEGED.id, {});
  });

  it('shows a reimport that fails as an error, keeping the dataset', async () => {
    const { fake, preview } = await importSummary(AMBIGUOUS);
    fake.api.reimport.mockRejectedValueOnce(new Error('That dataset is not loaded in this session: import the CSV again, then choose.'));
    await fireEvent.click(within(preview).getByRole('button', { name: 'Day first (31/12)' }));
    expect((await screen.findByRole('alert')).textContent).toContain('import the CSV again');
    expect(screen.getByRole('region', { name: 'Dataset' })).toBeTruthy();
  });
});
