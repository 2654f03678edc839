// Runs in: vitest (jsdom). Loading a text dataset through the UI with the fake API answering like the backend.
import { fireEvent, screen } from '@testing-library/svelte';
import type { DatasetSummary } from '../../shared/model/dataset';
import type { FakeApi } from './fake-api';
import { IMDB, previewCorpus } from './fake-text';

/** Picks a file in the "CSV file" input; the fake answers with `summary` and previews the small corpus. */
export async function importText(fake: FakeApi, summary: DatasetSummary = IMDB): Promise<void> {
  fake.api.importFile.mockImplementation(async () => summary);
  fake.api.previewText.mockImplementation(async (request) => previewCorpus(request));
  const input = screen.getByLabelText('CSV file');
  await fireEvent.change(input, { target: { files: [new File(['id,sentiment,review\n'], summary.fileName, { type: 'text/csv' })] } });
  await screen.findByRole('region', { name: 'Dataset' });
}
