// Runs in: vitest (Node). `seqlab sweep --config FILE --json` and `seqlab rerun ID --json` as real processes: real
// trainers on the airline passengers file, a real run log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SweepDetail } from '../../shared/model/experiments';
import { ROOT, expectCleanFailure, requireBuilt, seqlab } from '../support/built';

let dir: string;
let db: string;

function sweepFile(name: string, content: object): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const tiny = { target: 'Passengers', window: 3, hiddenUnits: 4, epochs: 1, batchSize: 32 };

beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-cli-sweep-'));
  db = join(dir, 'runs.db');
  copyFileSync(join(ROOT, 'test', 'fixtures', 'airline-passengers.csv'), join(dir, 'airline.csv'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('seqlab sweep and rerun', () => {
  it('runs a sweep file to the end and prints one ranked JSON document', () => {
    // csv is relative to the sweep file, not the working directory.
    copyFileSync(join(dir, 'airline.csv'), join(dir, 'swept.csv'));
    const file = sweepFile('sweep.json', { csv: 'swept.csv', name: 'windows', base: tiny, values: { window: [2, 3] }, concurrency: 2 });
    const result = seqlab('sweep', '--config', file, '--db', db, '--json');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(0);
    const detail = JSON.parse(result.stdout) as SweepDetail;
    expect(detail).toMatchObject({ name: 'windows', status: 'completed', mode: 'grid', total: 2, finished: 2, pending: 0, params: ['window'] });
    expect(detail.runs.map((run) => run.config.task === 'forecast' && run.config.window).sort()).toEqual([2, 3]);
    expect(detail.runs[0].bestValLoss).toBeLessThanOrEqual(detail.runs[1].bestValLoss as number);
    expect(detail.runs[0].provenance?.datasetPath).toBe(join(dir, 'swept.csv'));
    // Each run is printed as it ends (on stderr with --json, keeping stdout to the one document).
    expect(result.stderr.match(/^run \d+ {2}completed {2}window [23]/gm)).toHaveLength(2);

    // A rerun's success path is the service's (rerun.test.ts); here, that the command finds the data or says why.
    renameSync(join(dir, 'swept.csv'), join(dir, 'moved.csv'));
    expectCleanFailure(seqlab('rerun', String(detail.runs[0].id), '--db', db, '--json'), /swept\.csv is no longer there \(moved or deleted\)\. Import the original file again, then press Run again/);
  });

  it('refuses bad sweep files with one clear line', () => {
    const dropout = sweepFile('dropout.json', { csv: 'airline.csv', base: tiny, values: { dropout: [0.1, 1] } });
    expectCleanFailure(seqlab('sweep', '--config', dropout, '--db', db), /combination dropout 1 is not a valid run: dropout: Dropout must be below 1/);
    const noCsv = sweepFile('nocsv.json', { base: tiny, values: { window: [2] } });
    expectCleanFailure(seqlab('sweep', '--config', noCsv, '--db', db), /needs "csv"/);
    expectCleanFailure(seqlab('sweep', '--config', join(dir, 'missing.json'), '--db', db), /Cannot read the sweep file/);
    expectCleanFailure(seqlab('rerun', '--db', db), /Name one run to run again/);
  });
});
