// Runs in: vitest (Node). A run records the data it trained on (issue 12, item 7): a file replaced after import and
// before Train is refused by the trainer, which checks what it reads against the SHA-256 taken at import, and the
// run fails saying so (it never completes under the old fingerprint). The same file, untouched, trains as usual.
// Real trainer processes, a real SQLite log, a slice of the Szeged file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createService } from '../../main/backend/create-service';
import { forkTrainerLauncher } from '../../main/backend/training/trainer-launcher';
import type { SeqlabService } from '../../main/backend/seqlab-service';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { FORECAST_DEFAULTS, TEXT_DEFAULTS } from '../../shared/model/run-config';
import { ROOT, SZEGED_SLICE, TRAINER_ENTRY, requireBuilt } from '../support/built';

const IMDB = join(ROOT, 'test', 'fixtures', 'imdb-300.csv');

let dir: string;
let service: SeqlabService;
let store: AsyncRunLog;

beforeAll(async () => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-changed-'));
  ({ service, store } = await createService({ dbPath: join(dir, 'runs.db'), dataDir: dir, launcher: forkTrainerLauncher(TRAINER_ENTRY) }));
});
afterAll(async () => {
  await service.shutdown();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const forecast = (datasetId: string) => ({
  ...FORECAST_DEFAULTS,
  datasetId,
  target: 'Temperature (C)',
  features: ['Temperature (C)'],
  hiddenUnits: 4,
  epochs: 1,
});

describe('the trainer checks the file against its fingerprint', () => {
  it('a forecast CSV replaced after import (same columns, other values): the run fails, naming the file', async () => {
    const path = join(dir, 'weather.csv');
    copyFileSync(SZEGED_SLICE, path);
    const summary = await service.importPath(path);
    // Another export of "the same" file: every temperature a degree warmer.
    const lines = readFileSync(path, 'utf8').split('\n');
    const header = lines[0].split(',');
    const column = header.indexOf('Temperature (C)');
    writeFileSync(path, [lines[0], ...lines.slice(1).map((line) => {
      const cells = line.split(',');
      if (cells.length > column && cells[column] !== '') cells[column] = String(Number(cells[column]) + 1);
      return cells.join(',');
    })].join('\n'));

    const { runId } = await service.startTraining(forecast(summary.id));
    expect(await service.training.waitFor(runId)).toBe('failed');
    const run = (await store.getSummary(runId));
    expect(run.error).toBe(
      'weather.csv has changed since it was imported (its contents no longer match the SHA-256 taken then), so this run would not be ' +
        'trained on the data it records: import the file again, then press Train.',
    );
    expect(run.epochsRun).toBe(0);
    expect(run.dataset.sha256).toBe(summary.sha256);
  }, 120_000);

  it('a text CSV replaced by one of the same size (every label flipped): the run fails the same way', async () => {
    const path = join(dir, 'reviews.csv');
    copyFileSync(IMDB, path);
    const summary = await service.importPath(path);
    writeFileSync(path, readFileSync(IMDB, 'utf8').replace(/^(\d+_\d+),([01]),/gm, (_, id: string, label: string) => `${id},${1 - Number(label)},`));
    const { runId } = await service.startTraining({ ...TEXT_DEFAULTS, datasetId: summary.id, textColumn: 'review', labelColumn: 'sentiment', epochs: 1, hiddenUnits: 4 });
    expect(await service.training.waitFor(runId)).toBe('failed');
    expect((await store.getSummary(runId)).error).toMatch(/^reviews\.csv has changed since it was imported/);
  }, 120_000);

  it('the untouched file trains and completes', async () => {
    const summary = await service.importPath(SZEGED_SLICE);
    const { runId } = await service.startTraining(forecast(summary.id));
    expect(await service.training.waitFor(runId)).toBe('completed');
  }, 120_000);
});
