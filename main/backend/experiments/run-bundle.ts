// Runs in: main process (plain Node). A run as portable files (run.json, epochs.csv, predictions.csv and the files
// its training saved), and the way back: a bundle checked whole before anything is written, then added to this log
// as a new run in one transaction, its files moved into place from a temp folder only as part of that transaction.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EpochMetrics } from '../../../shared/model/metrics';
import type { PredictionSeries, RunSummary } from '../../../shared/model/run';
import { methods } from '../../../shared/api/methods';
import { UserError } from '../../../shared/util/errors';
import type { BundleFile, RunBundle } from '../../../shared/model/experiments';
import { epochsCsv, parseEpochsCsv, parsePredictionsCsv, predictionsCsv } from './bundle-csv';
import { BUNDLE_FORMAT, BUNDLE_VERSION, parseRunJson, runJson, type BundledRun } from './bundle-run-json';
import { checkModelFiles } from './bundle-model';
import type { AsyncRunLog } from '../run-log/async-run-log';

/** Files the trainer may leave in a run's folder, as bundle paths; binary ones travel as base64. */
export const RUN_FOLDER_FILES: { path: string; binary: boolean }[] = [
  { path: 'model/model.json', binary: false },
  { path: 'model/weights.bin', binary: true },
  { path: 'preprocessing.json', binary: false },
  { path: 'embedding.json', binary: false },
  { path: 'test-predictions.csv', binary: false },
];

/** Bundle files that importing reads for information only (charts come from the window; the README is for people). */
const IGNORED_ON_IMPORT = /^(README\.txt|charts\/[\w.-]+\.png)$/;
const BUNDLED = new Set(['run.json', 'epochs.csv', 'predictions.csv', ...RUN_FOLDER_FILES.map((f) => f.path)]);

/** A path a bundle may hold: its run, epochs, predictions, run folder files, README and chart images. */
export function isBundledPath(path: string): boolean {
  return BUNDLED.has(path) || IGNORED_ON_IMPORT.test(path);
}

/** Bundle files stored as bytes (base64 in a bundle); every other one is UTF-8 text. */
export function isBinaryBundlePath(path: string): boolean {
  return /\.(bin|png)$/i.test(path);
}

export async function exportRun(store: AsyncRunLog, runId: number): Promise<RunBundle> {
  const { run, epochs, predictions } = await store.readTransaction(async (log) => ({
    run: await log.getSummary(runId),
    epochs: await log.getEpochs(runId),
    predictions: await log.getPredictions(runId),
  }));
  if (run.status === 'running' || run.status === 'queued') {
    throw new UserError(`Run ${runId} is ${run.status === 'queued' ? 'queued to train' : 'still training'}: wait for it to finish (or stop it), then export it.`);
  }
  const files: BundleFile[] = [
    { path: 'run.json', text: runJson(run) },
    { path: 'epochs.csv', text: epochsCsv(epochs) },
  ];
  if (predictions) files.push({ path: 'predictions.csv', text: predictionsCsv(predictions) });
  const dir = await store.runFilesDir(runId);
  for (const file of RUN_FOLDER_FILES) {
    const path = join(dir, ...file.path.split('/'));
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    files.push(file.binary ? { path: file.path, base64: bytes.toString('base64') } : { path: file.path, text: bytes.toString('utf8') });
  }
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, files };
}

/** For bundles written outside the window (the CLI), which cannot draw the charts. */
export function readmeFile(runId: number, charts: boolean): BundleFile {
  const lines = [
    `Seqlab run ${runId}, exported as a run bundle (format ${BUNDLE_FORMAT}, version ${BUNDLE_VERSION}).`,
    '',
    'run.json            settings, dataset fingerprint, metrics, baselines, provenance, tags and note, status, timings',
    'epochs.csv          loss and validation loss per epoch',
    'predictions.csv     forecast runs: the test range, truth against predicted, persistence and residual',
    'model/              the trained model in TensorFlow.js format (model.json + weights.bin), when one was saved',
    '',
    charts
      ? 'charts/             the run\'s charts as PNG images.'
      : 'No charts: PNG charts are drawn by the Seqlab window, and this bundle was exported from the command line.\n' +
        'Export the run from the window to include charts/*.png.',
    '',
    'Add it to another run log with: seqlab import DIR (or Import run in the window).',
  ];
  return { path: 'README.txt', text: `${lines.join('\n')}\n` };
}

interface CheckedBundle {
  bundled: BundledRun;
  epochs: EpochMetrics[];
  predictions: PredictionSeries | null;
  /** Files for the run's folder, by bundle path. */
  runFiles: { path: string; bytes: Buffer }[];
}

/** Everything a bundle claims, checked before anything is written; each problem names its file. */
export function checkBundle(bundle: unknown): CheckedBundle {
  const shape = methods.importRun.args.safeParse([bundle]);
  if (!shape.success) {
    // Paths start with the argument index (0); the user knows only the bundle.
    const problems = shape.error.issues.map((issue) => [issue.path.slice(1).join('.'), issue.message].filter(Boolean).join(': '));
    throw new UserError(`${[...new Set(problems)].join('; ')}.`);
  }
  const files = new Map<string, BundleFile>();
  for (const file of shape.data[0].files) {
    if (files.has(file.path)) throw new UserError(`The bundle holds ${file.path} twice: export the run again.`);
    if ((file.text === undefined) === (file.base64 === undefined)) {
      throw new UserError(`${file.path} in the bundle must have either text or base64 content: export the run again.`);
    }
    files.set(file.path, file);
  }
  for (const path of files.keys()) {
    if (!isBundledPath(path)) {
      throw new UserError(`The bundle holds ${path}, which is not a file Seqlab bundles: remove it and import again.`);
    }
  }
  const text = (path: string): string | undefined => {
    const file = files.get(path);
    if (file?.base64 !== undefined) throw new UserError(`${path} in the bundle must be text, not base64: export the run again.`);
    return file?.text;
  };
  const runText = text('run.json');
  if (runText === undefined) throw new UserError('The bundle has no run.json: it is not a complete run bundle. Export the run again.');
  const bundled = parseRunJson(runText);
  const epochsText = text('epochs.csv');
  if (epochsText === undefined) throw new UserError('The bundle has no epochs.csv: export the run again.');
  const epochs = parseEpochsCsv(epochsText);
  if (epochs.length !== bundled.epochsRun) {
    throw new UserError(`epochs.csv has ${epochs.length} epochs but run.json says the run ran ${bundled.epochsRun}: export the run again.`);
  }
  const predictionsText = text('predictions.csv');
  if (predictionsText !== undefined && bundled.run.config.task !== 'forecast') {
    throw new UserError('predictions.csv belongs to forecast runs, but run.json describes a text run: remove it or export the run again.');
  }
  const predictions = predictionsText === undefined ? null : parsePredictionsCsv(predictionsText);
  const runFiles = RUN_FOLDER_FILES.filter((f) => files.has(f.path)).map((f) => ({
    path: f.path,
    bytes: f.binary ? decodeBase64(files.get(f.path)!, f.path) : Buffer.from(text(f.path)!, 'utf8'),
  }));
  checkRunFiles(runFiles);
  return { bundled, epochs, predictions, runFiles };
}

function decodeBase64(file: BundleFile, path: string): Buffer {
  const data = file.base64;
  if (data === undefined) throw new UserError(`${path} in the bundle must be base64 (it is binary): export the run again.`);
  if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) {
    throw new UserError(`${path} in the bundle is not valid base64: export the run again.`);
  }
  return Buffer.from(data, 'base64');
}

function checkRunFiles(runFiles: { path: string; bytes: Buffer }[]): void {
  const byPath = new Map(runFiles.map((f) => [f.path, f.bytes]));
  const modelJson = byPath.get('model/model.json');
  const weights = byPath.get('model/weights.bin');
  if ((modelJson === undefined) !== (weights === undefined)) {
    throw new UserError(`The bundle has ${modelJson ? 'model/model.json without model/weights.bin' : 'model/weights.bin without model/model.json'}: a model needs both. Export the run again.`);
  }
  if (modelJson && weights) checkModelFiles(modelJson.toString('utf8'), weights.length);
  for (const path of ['preprocessing.json', 'embedding.json']) {
    const bytes = byPath.get(path);
    if (!bytes) continue;
    try {
      JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new UserError(`${path} is not valid JSON (${(error as Error).message}): export the run again.`);
    }
  }
}

/** Adds a bundle's run to the log as a new run; nothing is left behind when any step fails. */
export async function importRun(store: AsyncRunLog, bundle: unknown): Promise<RunSummary> {
  const { bundled, epochs, predictions, runFiles } = checkBundle(bundle);
  const note = `Imported from run ${bundled.originalId}.`;
  const run = {
    ...bundled.run,
    note: bundled.run.note ? `${bundled.run.note.slice(0, 4990 - note.length)}\n${note}` : note,
    tags: bundled.run.tags.includes('imported') || bundled.run.tags.length >= 20 ? bundled.run.tags : [...bundled.run.tags, 'imported'],
    provenance: bundled.run.provenance ? { ...bundled.run.provenance, datasetPath: null } : null,
  };
  // The folder holding this log's run folders (a new run's folder is named by its id inside it), so the staged files
  // are renamed into place on the same disk.
  const runsDir = dirname(await store.runFilesDir(0));
  const staging = runFiles.length ? join(runsDir, `.import-${randomBytes(8).toString('hex')}`) : null;
  const placed = { dir: null as string | null };
  try {
    if (staging) {
      for (const file of runFiles) {
        const path = join(staging, ...file.path.split('/'));
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, file.bytes);
      }
    }
    const hasModel = runFiles.some((f) => f.path === 'model/model.json');
    const id = await store.batch(async (log) => {
      const newId = await log.importRun(run, epochs, predictions);
      if (staging) {
        const target = await log.runFilesDir(newId);
        if (existsSync(target)) {
          // Not ours to remove: left by a run here that never committed, or put there by hand.
          throw new UserError(`${target} already exists though run ${newId} is new to this log: move that folder away and import again.`);
        }
        renameSync(staging, target);
        placed.dir = target;
      }
      if (hasModel) await log.setModelSaved(newId);
      return newId;
    });
    placed.dir = null; // committed: the files belong to the run now
    return await store.getSummary(id);
  } catch (error) {
    // The transaction rolled back, so files moved into place inside it belong to no run.
    if (placed.dir) rmSync(placed.dir, { recursive: true, force: true });
    throw error;
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}
