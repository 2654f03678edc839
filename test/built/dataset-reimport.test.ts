// Runs in: vitest (node). The import off the main thread (the built worker) gives the summary an in-process import
// gives; reimport reads a known file again with the user's choices; the trainer reads the CSV with the same choices;
// and a real forecast trains through the CLI on files in other schemas (London month-first hours, Beijing time parts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInProcess, workerImporter } from '../../main/core/dataset/import-in-worker';
import { createService } from '../../main/backend/create-service';
import { forkTrainerLauncher } from '../../main/backend/training/trainer-launcher';
import type { SeqlabService } from '../../main/backend/seqlab-service';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import type { SeqlabEvent } from '../../shared/api/seqlab-api';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { isUserError } from '../../shared/util/errors';
import { ROOT, SZEGED_SLICE, TRAINER_ENTRY, expectCleanFailure, requireBuilt, seqlab } from '../support/built';

const WORKER_ENTRY = join(ROOT, 'dist', 'main', 'import-worker.js');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const LONDON = join(FIXTURES, 'london-darksky-336.csv');
const BEIJING = join(FIXTURES, 'beijing-pm25-696.csv');
const DAY = 86_400_000;

let dir: string;
let service: SeqlabService;
let store: AsyncRunLog;
const events: SeqlabEvent[] = [];

beforeAll(async () => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-reimport-'));
  ({ service, store } = await createService({ dbPath: join(dir, 'runs.db'), dataDir: dir, launcher: forkTrainerLauncher(TRAINER_ENTRY) }));
  service.onEvent((event) => events.push(event));
});
afterAll(async () => {
  await service.shutdown();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('import in a worker thread', () => {
  it('gives the same summary as an in-process import of szeged-3000.csv, with progress on the way', async () => {
    const fractions: number[] = [];
    const job = { path: SZEGED_SLICE, fileName: 'szeged-3000.csv', importOptions: {} };
    const inWorker = await workerImporter(WORKER_ENTRY)(job, (f) => fractions.push(f));
    const inProcess = await importInProcess(job, () => {});
    expect({ ...inWorker, parseSeconds: 0 }).toEqual({ ...inProcess, parseSeconds: 0 });
    expect(inWorker.rowsUsed).toBeGreaterThan(2900);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });

  it('passes a UserError back as a UserError, with its message', async () => {
    const missing = join(dir, 'nope.csv');
    const error = await workerImporter(WORKER_ENTRY)({ path: missing, fileName: 'nope.csv', importOptions: {} }, () => {}).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toBe(`There is no file at ${missing}: choose an existing CSV file.`);
  });
});

describe('reimport', () => {
  it('reads the same file again with the chosen date order: same id, options recorded, relayed progress', async () => {
    const head = join(dir, 'london-head.csv');
    writeFileSync(head, readFileSync(LONDON, 'utf8').split('\n').slice(0, 49).join('\n') + '\n');
    events.length = 0;
    const first = await service.importPath(head);
    expect(first.dateAmbiguity?.assumed).toBe('dmy');
    expect(events.some((e) => e.type === 'import-progress' && e.fileName === 'london-head.csv')).toBe(true);
    const again = await service.reimport(first.id, { dateOrder: 'mdy' });
    expect(again.id).toBe(first.id);
    expect(again.importOptions).toEqual({ dateOrder: 'mdy' });
    expect(again.findings.map((f) => f.code)).toContain('time-gap');
    expect(first.findings.map((f) => f.code)).not.toContain('time-gap');
  });

  it('refuses a dataset it does not know', async () => {
    await expect(service.reimport('f'.repeat(64), { noTime: true })).rejects.toThrow(/not loaded in this session: import the CSV again/);
  });

  it('hands the choices to the trainer, which reads the CSV the same way (daily time from year, month, day)', async () => {
    const hourly = await service.importPath(BEIJING);
    expect(hourly.frequency).toBe('hourly');
    const daily = await service.reimport(hourly.id, { timeParts: ['year', 'month', 'day'] });
    expect(daily.rowsUsed).toBe(29);
    const { runId } = await service.startTraining({
      ...FORECAST_DEFAULTS,
      datasetId: daily.id,
      target: 'TEMP',
      features: ['TEMP'],
      window: 2,
      epochs: 1,
      hiddenUnits: 4,
    });
    expect(await service.training.waitFor(runId)).toBe('completed');
    const run = await service.getRun(runId);
    const times = run.predictions?.times ?? [];
    expect(times.length).toBeGreaterThan(0);
    // An hourly read of the file would predict hours; the trainer saw the daily rows the user chose.
    for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).toBe(DAY);
  }, 120_000);
});

describe('the CLI trains on files in other schemas, without options', () => {
  it.each([
    ['london-darksky-336.csv', LONDON, 'temperature'],
    ['beijing-pm25-696.csv', BEIJING, 'TEMP'],
  ])('%s', (_name, csv, target) => {
    const result = seqlab('train', '--csv', csv, '--target', target, '--epochs', '1', '--hidden', '4', '--json', '--db', join(dir, 'cli.db'));
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { status: string; metrics: { test: { mae: number } } };
    expect(summary.status).toBe('completed');
    expect(Number.isFinite(summary.metrics.test.mae)).toBe(true);
  }, 120_000);
  it('takes the time choices as options: --time-parts, and a clear message for a bad --date-order', () => {
    const db = join(dir, 'cli.db');
    const result = seqlab('train', '--csv', BEIJING, '--target', 'TEMP', '--time-parts', 'year,month,day', '--window', '2', '--epochs', '1', '--hidden', '4', '--json', '--db', db);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { status: string; dataset: { rowsUsed: number } };
    expect(summary.status).toBe('completed');
    expect(summary.dataset.rowsUsed).toBe(29);
    expectCleanFailure(seqlab('train', '--csv', BEIJING, '--target', 'TEMP', '--date-order', 'ymd', '--db', db), /--date-order must be dmy \(31\/12\/2011\) or mdy/);
  }, 120_000);
});
