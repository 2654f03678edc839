// Runs in: vitest (jsdom). Export and import through the runs toolbar and the run panel: the table as CSV with the
// current filter and sort, a run as seqlab-run-<id>.zip, and a zip made by bundle-zip imported back into the log.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunDetail, RunSummary } from '../../shared/model/run';
import type { RunBundle } from '../../shared/model/experiments';
import { toCsv } from '../../shared/util/csv-write';
import { bundleToZip, bytesToBase64, zipToBundle } from '../../renderer/runs/bundle-zip';
import { configFor, makeRun, type FakeApi } from '../support/fake-api';
import { renderApp } from '../support/render-app';

const stored = () => [
  makeRun(1, configFor()),
  makeRun(2, configFor({ cell: 'LSTM', window: 24 }), 'failed'),
  makeRun(3, configFor({ cell: 'GRU', hiddenUnits: 16 })),
];

const WEIGHTS = Uint8Array.from({ length: 64 }, (_, i) => (i * 37) % 256);

/** What main's exportRun answers: run.json, the epochs and predictions as CSV, and the saved model. */
function bundleOf(run: RunDetail): RunBundle {
  const { epochs, predictions, ...summary } = run;
  const files: RunBundle['files'] = [
    { path: 'run.json', text: JSON.stringify({ format: 'seqlab-run-bundle', version: 1, run: summary }, null, 2) },
    { path: 'epochs.csv', text: toCsv(['epoch', 'loss', 'val_loss', 'seconds'], epochs.map((e) => [e.epoch, e.loss, e.valLoss, e.seconds])) },
    { path: 'model/model.json', text: JSON.stringify({ format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'] }] }) },
    { path: 'model/weights.bin', base64: bytesToBase64(WEIGHTS) },
  ];
  if (predictions) files.push({ path: 'predictions.csv', text: toCsv(['truth', 'predicted'], predictions.truth.map((t, i) => [t, predictions.predicted[i]])) });
  return { format: 'seqlab-run-bundle', version: 1, files };
}

/** Gives the fake the bundle and CSV methods, behaving as main's do over the fake's runs. */
function withTransfer(fake: FakeApi): FakeApi {
  fake.api.exportRunsCsv.mockImplementation(async (query) => {
    const page = await fake.api.queryRuns({ ...query, offset: 0, limit: 1000 });
    return toCsv(['id', 'status', 'cell'], page.runs.map((run) => [run.id, run.status, run.config.cell]));
  });
  fake.api.exportRun.mockImplementation(async (runId) => bundleOf(await fake.api.getRun(runId)));
  fake.api.importRun.mockImplementation(async (bundle) => {
    const runJson = bundle.files.find((file) => file.path === 'run.json')?.text;
    if (!runJson) throw new Error('The bundle has no run.json: export the run again.');
    const { run } = JSON.parse(runJson) as { run: RunSummary };
    if (run.config.task !== 'forecast') throw new Error('The fake imports forecast runs only');
    const id = Math.max(...fake.runs.keys()) + 1;
    fake.runs.set(id, { ...makeRun(id, run.config, run.status), tags: ['imported'] });
    const { epochs: _e, predictions: _p, ...summary } = fake.runs.get(id)!;
    return summary;
  });
  return fake;
}

let downloads: { name: string; blob: Blob }[];
let urls: Map<string, Blob>;

beforeEach(() => {
  downloads = [];
  urls = new Map();
  // jsdom has no object URLs and does not navigate: record what the page hands to the download link instead.
  URL.createObjectURL = vi.fn((blob: Blob) => {
    const url = `blob:seqlab/${urls.size + 1}`;
    urls.set(url, blob);
    return url;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: urls.get(this.href)! });
  });
});

afterEach(() => vi.restoreAllMocks());

const bodyRows = () => within(screen.getByRole('table', { name: 'Runs' })).getAllByRole('row').slice(1);

describe('export and import', () => {
  it('exports the runs table as CSV with the current filter and sort', async () => {
    const fake = withTransfer(renderApp(stored()));
    await waitFor(() => expect(bodyRows()).toHaveLength(3));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Status filter' }), { target: { value: 'completed' } });
    await fireEvent.click(screen.getByRole('button', { name: /^Cell/ }));
    await waitFor(() => expect(bodyRows()).toHaveLength(2));

    await fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(fake.api.exportRunsCsv).toHaveBeenCalledWith({ filter: { status: 'completed' }, sort: { column: 'cell', direction: 'asc' } });
    expect(downloads[0].name).toBe('seqlab-runs.csv');
    expect(downloads[0].blob.type).toBe('text/csv;charset=utf-8');
    expect(await downloads[0].blob.text()).toBe('id,status,cell\n3,completed,GRU\n1,completed,SimpleRNN\n');
    expect(screen.getByText('Saved 2 runs as seqlab-runs.csv')).toBeTruthy();
  });

  it('shows the API’s message when the CSV export fails', async () => {
    const fake = renderApp(stored());
    fake.api.exportRunsCsv.mockRejectedValueOnce(new Error('The run log is locked by another Seqlab: close it and try again.'));
    await fireEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The run log is locked by another Seqlab: close it and try again.');
    expect(downloads).toHaveLength(0);
  });

  it('exports the shown run as seqlab-run-<id>.zip holding its bundle (no chart images without a canvas)', async () => {
    const fake = withTransfer(renderApp(stored()));
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 3' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Export run' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(fake.api.exportRun).toHaveBeenCalledWith(3);
    expect(downloads[0].name).toBe('seqlab-run-3.zip');
    const entries = unzipSync(new Uint8Array(await downloads[0].blob.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual(['epochs.csv', 'model/model.json', 'model/weights.bin', 'predictions.csv', 'run.json']);
    expect(entries['model/weights.bin']).toEqual(WEIGHTS);
    expect(JSON.parse(strFromU8(entries['run.json'])).run.id).toBe(3);
    expect(screen.getByText('Saved run 3 as seqlab-run-3.zip')).toBeTruthy();
  });

  it('imports a zip made by bundle-zip: importRun gets the right files, the table refreshes and shows the run', async () => {
    const fake = withTransfer(renderApp(stored()));
    await waitFor(() => expect(bodyRows()).toHaveLength(3));
    const original = bundleOf(makeRun(7, configFor({ cell: 'GRU', window: 12 })));
    const file = new File([bundleToZip(original) as Uint8Array<ArrayBuffer>], 'seqlab-run-7.zip', { type: 'application/zip' });
    const input = screen.getByLabelText('Import run') as HTMLInputElement;
    expect(input.accept).toContain('.zip');

    await fireEvent.change(input, { target: { files: [file] } });
    await waitFor(() => expect(fake.api.importRun).toHaveBeenCalledTimes(1));
    const sent = fake.api.importRun.mock.calls[0][0];
    const sorted = (b: RunBundle) => [...b.files].sort((x, y) => x.path.localeCompare(y.path));
    expect(sorted(sent)).toEqual(sorted(original));
    expect(sent.format).toBe('seqlab-run-bundle');

    await waitFor(() => expect(bodyRows()).toHaveLength(4));
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Run 4' })).toBeTruthy());
    expect(fake.api.getRun).toHaveBeenCalledWith(4);
    expect(screen.getByText('Imported seqlab-run-7.zip as run 4')).toBeTruthy();
    // The zip the import read is exactly what bundle-zip reads back.
    expect(sorted(zipToBundle(bundleToZip(original)))).toEqual(sorted(sent));
  });

  it('shows why an import failed: a file that is not a bundle, and the API refusing one', async () => {
    const fake = withTransfer(renderApp(stored()));
    const input = (await screen.findByLabelText('Import run')) as HTMLInputElement;
    await fireEvent.change(input, { target: { files: [new File(['id,status\n1,completed\n'], 'runs.zip')] } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/not a readable zip/);
    expect(fake.api.importRun).not.toHaveBeenCalled();

    fake.api.importRun.mockRejectedValueOnce(new Error('This bundle was written by a newer Seqlab: update Seqlab to import it'));
    const zip = bundleToZip(bundleOf(makeRun(7, configFor())));
    await fireEvent.change(input, { target: { files: [new File([zip as Uint8Array<ArrayBuffer>], 'run.zip')] } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('This bundle was written by a newer Seqlab: update Seqlab to import it'));
  });
});
