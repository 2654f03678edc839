// Runs in: vitest (jsdom). Pause and Resume beside Stop, and a finished run's model in use: forecast from the loaded
// file (chart + CSV download) and the export of its test predictions.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ForecastFromCsv } from '../../shared/model/inference';
import { configFor, makeRun } from '../support/fake-api';
import { importSzegedSample, renderApp } from '../support/render-app';

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;
const status = () => screen.getByRole('status');

afterEach(() => vi.restoreAllMocks());

/** Catches the next download: the file name and the text of the Blob it was given. */
function captureDownload(): { name: () => string; text: () => Promise<string> } {
  let blob: Blob | null = null;
  let name = '';
  URL.createObjectURL = vi.fn((b: Blob) => ((blob = b), 'blob:download'));
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    name = this.download;
  });
  return { name: () => name, text: () => (blob ? blob.text() : Promise.reject(new Error('nothing downloaded'))) };
}

describe('pause and resume', () => {
  it('pauses the running run, says so in the status, and resumes it', async () => {
    const fake = renderApp();
    fake.api.pauseTraining.mockImplementation(async () => {});
    fake.api.resumeTraining.mockImplementation(async () => {});
    await importSzegedSample();
    expect(button('Pause').disabled).toBe(true);
    await fireEvent.click(button('Train'));
    const { runId } = await fake.api.startTraining.mock.results[0].value;
    fake.emit({ type: 'run-started', runId, backend: 'wasm' });
    fake.emit({ type: 'run-progress', runId, epoch: 2, batch: 10, batches: 40 });
    await waitFor(() => expect(button('Pause').disabled).toBe(false));

    await fireEvent.click(button('Pause'));
    expect(fake.api.pauseTraining).toHaveBeenCalledWith(runId);
    fake.emit({ type: 'run-paused', runId, paused: true });
    await waitFor(() => expect(status().textContent).toBe(`Run ${runId} · Paused · epoch 2/10 · batch 10/40 · wasm`));
    expect(button('Stop').disabled).toBe(false);

    await fireEvent.click(button('Resume'));
    expect(fake.api.resumeTraining).toHaveBeenCalledWith(runId);
    fake.emit({ type: 'run-paused', runId, paused: false });
    await waitFor(() => expect(status().textContent).toBe(`Run ${runId} · epoch 2/10 · batch 10/40 · wasm`));
    expect(button('Pause')).toBeTruthy();
  });

  it('shows why a pause was refused', async () => {
    const fake = renderApp();
    fake.api.pauseTraining.mockRejectedValue(new Error('Run 1 is not training, so there is nothing to pause.'));
    await importSzegedSample();
    await fireEvent.click(button('Train'));
    const { runId } = await fake.api.startTraining.mock.results[0].value;
    fake.emit({ type: 'run-started', runId, backend: 'wasm' });
    await waitFor(() => expect(button('Pause').disabled).toBe(false));
    await fireEvent.click(button('Pause'));
    expect((await screen.findByRole('alert')).textContent).toContain('nothing to pause');
  });
});

describe('a finished run’s model', () => {
  const config = configFor({ horizon: 2, window: 3 });
  const answer: ForecastFromCsv = {
    task: 'forecast',
    runId: 4,
    fileName: 'szeged-3000.csv',
    target: 'Temperature (C)',
    history: { times: [0, 1, 2, 3, 4, 5].map((h) => Date.UTC(2006, 11, 31, 18 + h)), values: [1, 2, 3, 2.5, 2, 1.5] },
    forecast: { times: [Date.UTC(2006, 11, 31, 24), Date.UTC(2007, 0, 1, 1)], values: [1.25, 1.1] },
    csv: 'step,time,forecast\n1,2007-01-01T00:00:00.000Z,1.25\n2,2007-01-01T01:00:00.000Z,1.1\n',
  };

  it('forecasts from the loaded file, draws it, and downloads the forecast', async () => {
    const fake = renderApp([{ ...makeRun(4, config), hasModel: true }]);
    fake.api.predictWithRun.mockImplementation(async () => answer);
    await importSzegedSample();
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 4' }));
    expect(await screen.findByRole('heading', { name: 'Forecast from a file' })).toBeTruthy();
    expect(screen.getByText(/Forecasts the next 2 steps after the end of the loaded file, from its last 3 rows of "Temperature \(C\)"/)).toBeTruthy();

    await fireEvent.click(button('Forecast from szeged-weather.csv'));
    expect(fake.api.predictWithRun).toHaveBeenCalledWith(4, expect.any(String));
    expect(await screen.findByText('Forecast of Temperature (C) for 2 steps past the end of szeged-3000.csv.')).toBeTruthy();
    const chart = screen.getByRole('img', { name: 'Forecast chart' });
    // Described by its summary sentence (and the range it shows).
    const description = (chart.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
    expect(description).toContain('the last 6 values of szeged-3000.csv, then a forecast of 2 steps: 1.25, 1.1');

    const download = captureDownload();
    await fireEvent.click(button('Download CSV'));
    expect(download.name()).toBe('run-4-szeged-3000-forecast.csv');
    expect(await download.text()).toBe(answer.csv);
  });

  it('shows the service’s message when the file lacks the run’s columns', async () => {
    const fake = renderApp([{ ...makeRun(4, config), hasModel: true }]);
    fake.api.predictWithRun.mockRejectedValue(new Error('Column "Temperature (C)" is not in other.csv, but run 4 reads "Temperature (C)"'));
    await importSzegedSample();
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 4' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Forecast from szeged-weather.csv' }));
    expect((await screen.findByRole('alert')).textContent).toContain('is not in other.csv, but run 4 reads');
  });

  it('offers no forecast for a run without a saved model, but still exports its predictions', async () => {
    const fake = renderApp([{ ...makeRun(4, config), hasModel: false }]);
    const csv = 'time,truth,predicted,persistence,residual\n2006-05-01T00:00:00.000Z,10,10.3,10,-0.3\n';
    fake.api.exportPredictionsCsv.mockImplementation(async () => csv);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 4' }));
    await screen.findByRole('button', { name: 'Export predictions CSV' });
    expect(screen.queryByRole('heading', { name: 'Forecast from a file' })).toBeNull();

    const download = captureDownload();
    await fireEvent.click(button('Export predictions CSV'));
    await waitFor(() => expect(download.name()).toBe('run-4-predictions.csv'));
    expect(fake.api.exportPredictionsCsv).toHaveBeenCalledWith(4);
    expect(await download.text()).toBe(csv);
  });

  it('says why predictions cannot be exported', async () => {
    const fake = renderApp([makeRun(4, config, 'failed')]);
    fake.api.exportPredictionsCsv.mockRejectedValue(new Error('Run 4 has no test predictions (it failed before scoring)'));
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 4' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Export predictions CSV' }));
    expect((await screen.findByRole('alert')).textContent).toContain('has no test predictions');
  });
});
