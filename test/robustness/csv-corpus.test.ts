// Runs in: vitest (Node). Every case of the CSV corpus (csv-corpus.ts) through `seqlab train`, a real process on a
// real run log: the exact exit code and message, no run logged when the file is refused, the log intact after each.
// Then what only the importer itself can show: a file that changes while it is being read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadDataset } from '../../main/core/dataset/load-dataset';
import { isUserError } from '../../shared/util/errors';
import { SZEGED_SLICE, requireBuilt, seqlab } from '../support/built';
import { CSV_CORPUS, CSV_FIXTURES, type TrainSummary } from './csv-corpus';

let dir: string;

beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-csv-corpus-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runsIn(dbPath: string): { runs: number; integrity: string } {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      runs: (db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n,
      integrity: db.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

describe('CSV corpus through seqlab train', () => {
  it.each(CSV_CORPUS.map((c, i) => [c.name, i] as const))('%s', (_name, index) => {
    const c = CSV_CORPUS[index];
    const caseDir = mkdtempSync(join(dir, 'case-'));
    const file = typeof c.file === 'string' ? join(CSV_FIXTURES, c.file) : c.file(caseDir);
    const db = join(caseDir, 'runs.db');
    const started = Date.now();
    const result = seqlab('train', '--csv', file, '--target', c.target, '--window', '3', '--hidden', '4', '--epochs', '1', ...(c.extraArgs ?? []), '--db', db, '--json');
    const lines = result.stderr.trimEnd().split('\n');
    const notes = lines.filter((line) => line.startsWith('note: ')).map((line) => line.slice('note: '.length));
    expect(result.stderr).not.toMatch(/\n\s+at |Internal error/);
    if ('refused' in c.expect) {
      expect(lines.at(-1)).toBe(`seqlab: ${c.expect.refused.replaceAll('{dir}', caseDir)}`);
      for (const note of c.expect.notes ?? []) expect(notes).toContain(note);
      expect(result.code).toBe(2);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(runsIn(db)).toEqual({ runs: 0, integrity: 'ok' });
    } else if ('failed' in c.expect) {
      const summary = JSON.parse(result.stdout) as TrainSummary;
      expect(summary).toMatchObject({ status: 'failed', error: c.expect.failed });
      expect(lines.at(-1)).toBe(`seqlab: run 1 failed: ${c.expect.failed}`);
      expect(result.code).toBe(1);
      expect(runsIn(db)).toEqual({ runs: 1, integrity: 'ok' });
    } else {
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout) as TrainSummary;
      expect(summary.status).toBe('completed');
      for (const note of c.expect.notes ?? []) expect(notes).toContain(note);
      c.expect.check?.(summary);
      expect(runsIn(db)).toEqual({ runs: 1, integrity: 'ok' });
    }
  });
});

describe('what the importer reads', () => {
  it('keeps quoted CRLFs, doubled quotes and commas inside values, and drops the BOM from the first name', async () => {
    const dataset = await loadDataset(join(CSV_FIXTURES, 'bom-crlf-quoted-newlines.csv'));
    expect(dataset.summary.columns.map((c) => c.name)).toEqual(['time', 'note', 'value']);
    // The line break inside the quotes is kept as written (CRLF): it is part of the value.
    expect(dataset.strings('note')[5]).toBe('line one\r\nsaid "two", then 5');
    expect([...dataset.numeric('value').subarray(0, 4)]).toEqual([0, 0.5, 1, 1.5]);
  });

  it('a file rewritten while it is being read is refused, naming the file, never read half old and half new', async () => {
    const path = join(dir, 'changing.csv');
    // Large enough to be read in several pieces (the importer reads 1 MB at a time).
    const text = readFileSync(SZEGED_SLICE, 'utf8');
    writeFileSync(path, text.repeat(6));
    let rewritten = false;
    const error = await loadDataset(path, {
      onProgress: (fraction) => {
        if (!rewritten && fraction > 0.2 && fraction < 1) {
          rewritten = true;
          writeFileSync(path, text.repeat(6).replaceAll('Partly Cloudy', 'Partly Sunny!'));
        }
      },
    }).then(() => null, (e: unknown) => e);
    expect(rewritten).toBe(true);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toBe('changing.csv changed while it was being read: import it again once it is saved completely.');
  });

  it('a file replaced after its import: rows read back later are refused, not mixed', async () => {
    const path = join(dir, 'replaced.csv');
    copyFileSync(SZEGED_SLICE, path);
    const dataset = await loadDataset(path);
    // The same size, other text: only the file's identity and time tell. Dates are read back from the file as written.
    writeFileSync(path, readFileSync(SZEGED_SLICE, 'utf8').replaceAll('Partly Cloudy', 'Partly Sunny!'));
    expect(() => dataset.strings('Formatted Date')).toThrow('replaced.csv changed on disk since it was imported: import it again.');
  });
});
