// Runs in: renderer. Moving runs in and out of the log: the table as CSV, a run as a zip bundle, a bundle back in.
import type { SeqlabApi } from '../../shared/api/seqlab-api';
import type { RunSummary } from '../../shared/model/run';
import type { RunsQuery } from '../../shared/model/run-log';
import { bundleToZip, zipToBundle } from './bundle-zip';
import { chartImages } from './chart-images';
import { downloadBlob, downloadCsv } from '../ui/download';

/** Every run the table's filter matches, in its sort order (not just the page on screen). */
export async function exportRunsCsv(api: SeqlabApi, query: RunsQuery): Promise<void> {
  const csv = await api.exportRunsCsv({ filter: query.filter, sort: query.sort });
  downloadCsv(csv, 'seqlab-runs.csv');
}

/** The run's bundle from main plus PNGs of its charts as drawn on screen, saved as seqlab-run-<id>.zip. */
export async function exportRunZip(api: SeqlabApi, runId: number): Promise<void> {
  const bundle = await api.exportRun(runId);
  const images = chartImages();
  const files = [...bundle.files.filter((file) => !images.some((image) => image.path === file.path)), ...images];
  const zip = bundleToZip({ ...bundle, files });
  downloadBlob(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), `seqlab-run-${runId}.zip`);
}

export async function importRunZip(api: SeqlabApi, file: Blob): Promise<RunSummary> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return api.importRun(zipToBundle(bytes));
}
