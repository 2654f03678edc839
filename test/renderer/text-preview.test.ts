// Runs in: vitest (jsdom). The text preview: label mapping, length histogram facts and the suggested max length,
// vocabulary entries, tokenised rows with [UNK] marked, debounced refreshes, and the backend's errors.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { CORPUS, previewCorpus, tokenize } from '../support/fake-text';
import { renderApp } from '../support/render-app';
import { importText } from '../support/text-helpers';

function numberInput(name: string): HTMLInputElement {
  return screen.getByRole('spinbutton', { name }) as HTMLInputElement;
}

const cells = (table: HTMLElement) =>
  within(table).getAllByRole('row').slice(1).map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent?.trim()));

describe('text preview', () => {
  it('shows the label mapping, the lengths, the vocabulary and tokenised rows for the current settings', async () => {
    const fake = renderApp();
    await importText(fake);
    const mapping = await screen.findByRole('table', { name: 'Label mapping' });
    const expected = previewCorpus(fake.api.previewText.mock.calls[0][0]);
    expect(cells(mapping)).toEqual(expected.classes.map((c) => [String(c.index), c.label, String(c.count)]));
    expect(fake.api.previewText).toHaveBeenCalledWith({
      datasetId: fake.api.previewText.mock.calls[0][0].datasetId,
      textColumn: 'review',
      labelColumn: 'sentiment',
      vocabSize: 10_000,
      minFrequency: 1,
      maxLength: 200,
      truncate: 'end',
      split: { train: 0.7, validation: 0.15 },
      seed: 0,
    });

    const vocabulary = screen.getByRole('table', { name: 'First vocabulary entries' });
    expect(cells(vocabulary).slice(0, 2).map((row) => row.slice(0, 2))).toEqual([['0', '[UNK]'], ['1', '[PAD]']]);
    expect(screen.getByRole('img', { name: 'Token length histogram' })).toBeTruthy();
    expect(screen.getByText('No text is longer than 200 tokens: none gets cut.')).toBeTruthy();

    // A tiny vocabulary and max length: more [UNK], and cut rows.
    await fireEvent.input(numberInput('Vocabulary size'), { target: { value: '6' } });
    await fireEvent.input(numberInput('Max length'), { target: { value: '10' } });
    const longer = CORPUS.filter((row) => tokenize(row.review).length > 10).length;
    expect(await screen.findByText(`${longer} of ${CORPUS.length} texts are longer than 10 tokens and lose their end.`, {}, { timeout: 3000 })).toBeTruthy();
    const latest = previewCorpus(fake.api.previewText.mock.lastCall![0]);
    const firstRow = screen.getByLabelText('Tokens of text 1');
    const unknown = latest.samples[0].ids.filter((id) => id === 0).length;
    expect(unknown).toBeGreaterThan(0);
    expect(firstRow.querySelectorAll('.unk')).toHaveLength(unknown);
    expect(firstRow.textContent).toContain(`${latest.samples[0].tokens[0]}${latest.samples[0].ids[0]}`);
  });

  it('takes the suggested max length until the user sets one, then only offers it; asks once after a burst of edits', async () => {
    const fake = renderApp();
    await importText(fake);
    await screen.findByRole('table', { name: 'Label mapping' });
    // The first preview (asked with the default, 200) suggests a length; the form takes it and says so.
    const suggested = previewCorpus(fake.api.previewText.mock.calls[0][0]).suggestedMaxLength;
    expect(suggested).not.toBe(200);
    await waitFor(() => expect(numberInput('Max length').valueAsNumber).toBe(suggested));
    expect(screen.getByText('Suggested: 90% of the texts fit')).toBeTruthy();
    await waitFor(() => expect(fake.api.previewText.mock.lastCall![0].maxLength).toBe(suggested));

    const before = fake.api.previewText.mock.calls.length;
    for (const value of ['1', '12', '123']) await fireEvent.input(numberInput('Vocabulary size'), { target: { value } });
    await waitFor(() => expect(fake.api.previewText.mock.calls.length).toBe(before + 1));
    expect(fake.api.previewText.mock.lastCall![0].vocabSize).toBe(123);

    // A length the user typed stays; the suggestion is then a button.
    await fireEvent.input(numberInput('Max length'), { target: { value: '7' } });
    await fireEvent.click(await screen.findByRole('button', { name: `Use ${suggested}` }, { timeout: 3000 }));
    expect(numberInput('Max length').valueAsNumber).toBe(suggested);
    await waitFor(() => expect(fake.api.previewText.mock.lastCall![0].maxLength).toBe(suggested));
    await waitFor(() => expect(screen.queryByRole('button', { name: `Use ${suggested}` })).toBeNull());
  });

  it('shows the backend\'s message in a live region, and waits for valid settings', async () => {
    const fake = renderApp();
    await importText(fake);
    await screen.findByRole('table', { name: 'Label mapping' });
    const message = 'Label column "sentiment" holds one class in the training split: lower the validation fraction.';
    fake.api.previewText.mockRejectedValueOnce(new Error(message));
    await fireEvent.input(numberInput('Seed'), { target: { value: '7' } });
    const shown = await screen.findByText(message, {}, { timeout: 3000 });
    expect(shown.closest('[aria-live]')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Label mapping' })).toBeNull();

    const calls = fake.api.previewText.mock.calls.length;
    await fireEvent.input(numberInput('Minimum frequency'), { target: { value: '0' } });
    expect(await screen.findByText('Fix the settings marked in the form to update the preview.')).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.api.previewText.mock.calls.length).toBe(calls);

    await fireEvent.input(numberInput('Minimum frequency'), { target: { value: '1' } });
    expect(await screen.findByRole('table', { name: 'Label mapping' }, { timeout: 3000 })).toBeTruthy();
    expect(screen.queryByText(message)).toBeNull();
  });
});
