// Runs in: vitest (jsdom). The window's session across a reload (a remount on the same localStorage): the dataset,
// the task, the form and the open run come back; a dataset main no longer knows asks to be opened again; a run that
// trains on is shown. Also what a changed field does to Train's old error, and "Use these settings".
import '@testing-library/svelte/vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { SZEGED, configFor, makeRun } from '../support/fake-api';
import { importSzegedSample, renderApp } from '../support/render-app';

const spin = (name: string) => screen.getByRole('spinbutton', { name }) as HTMLInputElement;

describe('session across a reload', () => {
  it('brings back the dataset (checked with main), the form and the open run', async () => {
    const first = renderApp([makeRun(1, configFor(), 'completed')]);
    await importSzegedSample();
    await fireEvent.input(spin('Window'), { target: { value: '24' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Target column' }), { target: { value: 'Humidity' } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 1' }));
    await waitFor(() => expect(first.api.getRun).toHaveBeenCalledWith(1));
    cleanup();

    const again = renderApp([makeRun(1, configFor(), 'completed')], {
      keepSession: true,
      before: (fake) => fake.api.reimport.mockImplementation(async (id) => ({ ...SZEGED, id, fileName: 'szeged-weather.csv' })),
    });
    expect(await screen.findByRole('region', { name: 'Dataset' })).toBeTruthy();
    expect(spin('Window').valueAsNumber).toBe(24);
    expect((screen.getByRole('combobox', { name: 'Target column' }) as HTMLSelectElement).value).toBe('Humidity');
    await waitFor(() => expect(again.api.reimport).toHaveBeenCalledWith(SZEGED.id, expect.anything()));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Run 1' })).toBeTruthy());
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says to open the file again when main no longer has it, and keeps the settings', async () => {
    renderApp();
    await fireEvent.change(screen.getByLabelText('CSV file'), { target: { files: [new File(['a'], 'mine.csv')] } });
    await screen.findByRole('combobox', { name: 'Target column' });
    await fireEvent.input(spin('Hidden units'), { target: { value: '48' } });
    cleanup();

    renderApp([], {
      keepSession: true,
      before: (fake) => fake.api.reimport.mockRejectedValue(new Error('That dataset is not loaded in this session: import the CSV again, then choose.')),
    });
    expect((await screen.findByRole('alert')).textContent).toMatch(/mine\.csv is no longer loaded .*open it again.*settings are kept/);
    expect(spin('Hidden units').valueAsNumber).toBe(48);
  });

  it('shows a run that is still training when the window comes back', async () => {
    const fake = renderApp([makeRun(1, configFor(), 'completed'), makeRun(2, configFor({ epochs: 50 }), 'running')]);
    await waitFor(() => expect(fake.api.getRun).toHaveBeenCalledWith(2));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Run 2' })).toBeTruthy());
    fake.emit({ type: 'run-progress', runId: 2, epoch: 3, batch: 4, batches: 10 });
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Run 2 · epoch 3\/50 · batch 4\/10/));
    expect((screen.getByRole('button', { name: 'Stop' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('one voice', () => {
  it('drops the error Train got once a setting changes', async () => {
    const fake = renderApp();
    await importSzegedSample();
    fake.api.startTraining.mockRejectedValueOnce(new Error('Window 30 is longer than the test split allows.'));
    await fireEvent.input(spin('Window'), { target: { value: '30' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Window 30/);
    await fireEvent.input(spin('Window'), { target: { value: '-3' } });
    await waitFor(() => expect(screen.queryByText(/Window 30 is longer/)).toBeNull());
  });

  it('"Use these settings" puts a past run into the setup form', async () => {
    renderApp([makeRun(4, configFor({ window: 12, cell: 'GRU', hiddenUnits: 16 }), 'completed')]);
    await importSzegedSample();
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 4' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Use these settings' }));
    expect(spin('Window').valueAsNumber).toBe(12);
    expect(spin('Hidden units').valueAsNumber).toBe(16);
    expect((screen.getByRole('combobox', { name: 'Cell' }) as HTMLSelectElement).value).toBe('GRU');
  });

  it('says which backends are missing in plain words, the developer text on demand', async () => {
    renderApp();
    await importSzegedSample();
    const summary = screen.getByText('Native TensorFlow: not installed (optional)');
    expect(summary.tagName).toBe('SUMMARY');
    expect(within(summary.closest('details')!).getByText(/tfjs-node is not installed/)).toBeTruthy();
  });
});
