// Runs in: vitest (jsdom). The task switch and the text-classification form: the task chosen from the imported file,
// the column defaults, per-field validation with the shared schema, and Train starting a text run.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../shared/model/dataset';
import { TEXT_DEFAULTS } from '../../shared/model/run-config';
import { IMDB, textConfigFor } from '../support/fake-text';
import { importText } from '../support/text-helpers';
import { importSzegedSample, renderApp } from '../support/render-app';

function numberInput(name: string): HTMLInputElement {
  return screen.getByRole('spinbutton', { name }) as HTMLInputElement;
}

function radio(name: string): HTMLInputElement {
  return screen.getByRole('radio', { name }) as HTMLInputElement;
}

describe('task selector', () => {
  it('keeps forecasting for a weather file, picks text classification for reviews, and switches either way', async () => {
    const fake = renderApp();
    expect(screen.getByRole('group', { name: 'Task' })).toBeTruthy();
    await importSzegedSample();
    expect(radio('Forecasting').checked).toBe(true);

    await fireEvent.click(radio('Text classification'));
    const text = (await screen.findByRole('combobox', { name: 'Text column' })) as HTMLSelectElement;
    expect(screen.queryByRole('combobox', { name: 'Target column' })).toBeNull();
    // Szeged's two short category columns: the one with the longer values holds the text.
    expect([...text.options].map((o) => o.value)).toEqual(['Summary', 'Precip Type']);
    expect(text.value).toBe('Summary');

    await fireEvent.click(radio('Forecasting'));
    expect(await screen.findByRole('combobox', { name: 'Target column' })).toBeTruthy();

    await importText(fake);
    await waitFor(() => expect(radio('Text classification').checked).toBe(true));
    // The review column (long cells) over the id column (short cells); the 0/1 sentiment is the only label-like column.
    expect((screen.getByRole('combobox', { name: 'Text column' }) as HTMLSelectElement).value).toBe('review');
    const label = screen.getByRole('combobox', { name: 'Label column' }) as HTMLSelectElement;
    expect([...label.options].map((o) => o.value)).toEqual(['sentiment']);
    expect(label.value).toBe('sentiment');
    expect(numberInput('Vocabulary size').valueAsNumber).toBe(TEXT_DEFAULTS.vocabSize);
    expect(numberInput('Max length').valueAsNumber).toBe(TEXT_DEFAULTS.maxLength);
    expect(numberInput('Embedding dimension').valueAsNumber).toBe(TEXT_DEFAULTS.embeddingDim);
    expect((screen.getByRole('combobox', { name: 'Cell' }) as HTMLSelectElement).value).toBe('LSTM');
    expect(radio('Cut the end').checked).toBe(true);

    // Still switchable: the forecast form offers the numeric sentiment column as its target.
    await fireEvent.click(radio('Forecasting'));
    expect((await screen.findByRole('combobox', { name: 'Target column' }) as HTMLSelectElement).value).toBe('sentiment');
  });
});

describe('text setup form', () => {
  it('shows schema errors beside the fields, focuses the first one on Train and starts nothing', async () => {
    const fake = renderApp();
    await importText(fake);
    await screen.findByRole('combobox', { name: 'Text column' });

    await fireEvent.input(numberInput('Vocabulary size'), { target: { value: '2' } });
    expect(await screen.findByText('Vocabulary size must be at least 3')).toBeTruthy();
    await fireEvent.input(numberInput('Embedding dimension'), { target: { value: '' } });
    expect(await screen.findByText('Embedding dimension must be a number')).toBeTruthy();
    await fireEvent.input(numberInput('Max length'), { target: { value: '2.5' } });
    expect(await screen.findByText('Max length must be a whole number')).toBeTruthy();
    await fireEvent.input(numberInput('Recurrent dropout'), { target: { value: '1' } });
    expect(await screen.findByText('Recurrent dropout must be below 1')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    await waitFor(() => expect(document.activeElement).toBe(numberInput('Vocabulary size')));
    expect(numberInput('Vocabulary size').getAttribute('aria-invalid')).toBe('true');
    expect(fake.api.startTraining).not.toHaveBeenCalled();
  });

  it('says when the chosen columns cannot work together, in main\'s words', async () => {
    const fake = renderApp();
    const withRating: DatasetSummary = {
      ...IMDB,
      columns: [...IMDB.columns, { name: 'rating', type: 'category', missing: 0, distinct: 2 }],
      previewRows: IMDB.previewRows.map((row) => [...row, 'good']),
    };
    await importText(fake, withRating);
    await fireEvent.change(await screen.findByRole('combobox', { name: 'Text column' }), { target: { value: 'rating' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Label column' }), { target: { value: 'rating' } });
    const message = await screen.findAllByText('"rating" cannot be both the text and the label column: choose two different columns.');
    expect(message.length).toBeGreaterThan(0);
    expect(screen.getByRole('combobox', { name: 'Label column' }).getAttribute('aria-invalid')).toBe('true');
    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(fake.api.startTraining).not.toHaveBeenCalled();
  });

  it('has the Threads control the forecast form has: Auto by default, described, and sent with the run', async () => {
    const fake = renderApp();
    await importText(fake);
    await screen.findByRole('combobox', { name: 'Text column' });
    const threads = screen.getByRole('combobox', { name: 'Threads' }) as HTMLSelectElement;
    expect(threads.selectedOptions[0].textContent).toBe('Auto');
    expect([...threads.options].map((o) => o.textContent)).toEqual(['Auto', '1', '2', '4', '8']);
    expect(threads.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(threads.getAttribute('aria-describedby')!)?.textContent).toBe('Each training batch is split among them; Auto keeps a small model on one');
    await fireEvent.input(numberInput('Epochs'), { target: { value: '1' } });
    await fireEvent.change(threads, { target: { value: '2' } });

    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    await waitFor(() => expect(fake.api.startTraining).toHaveBeenCalledTimes(1));
    // A number, as the schema wants it, not the option's text.
    expect(fake.api.startTraining.mock.calls[0][0]).toEqual(textConfigFor({ epochs: 1, threads: 2 }));
  });

  it('trains a text run with the settings as typed, then shows its scores and tools', async () => {
    const fake = renderApp();
    await importText(fake);
    await screen.findByRole('combobox', { name: 'Text column' });
    await fireEvent.input(numberInput('Embedding dimension'), { target: { value: '8' } });
    await fireEvent.input(numberInput('Hidden units'), { target: { value: '8' } });
    await fireEvent.input(numberInput('Max length'), { target: { value: '50' } });
    await fireEvent.input(numberInput('Vocabulary size'), { target: { value: '500' } });
    await fireEvent.input(numberInput('Minimum frequency'), { target: { value: '2' } });
    await fireEvent.input(numberInput('Epochs'), { target: { value: '1' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Cell' }), { target: { value: 'GRU' } });
    await fireEvent.click(radio('Cut the start'));
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Early stopping' }));
    await fireEvent.input(numberInput('Patience'), { target: { value: '2' } });

    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    await waitFor(() => expect(fake.api.startTraining).toHaveBeenCalledTimes(1));
    expect(fake.api.startTraining.mock.calls[0][0]).toEqual(
      textConfigFor({ embeddingDim: 8, hiddenUnits: 8, maxLength: 50, vocabSize: 500, minFrequency: 2, epochs: 1, cell: 'GRU', truncate: 'start', earlyStopping: true, patience: 2 }),
    );
    expect(await screen.findByRole('heading', { name: 'Run 1' })).toBeTruthy();

    fake.finish(1, 'completed');
    const table = await screen.findByRole('table', { name: /Classification metrics/ });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toContain('Bag of words');
    expect(screen.getByRole('button', { name: 'Open embedding projector' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Text to classify' })).toBeTruthy();
  });
});
