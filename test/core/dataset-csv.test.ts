// Runs in: vitest (node). Reading CSV text: line endings, quoting, BOM, delimiters, chunk boundaries, the file hash
// and progress callbacks. Real files in a temp folder, read by the real loader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../main/core/dataset/load-dataset';

const FIXTURES = join(__dirname, '..', 'fixtures');
let dir: string;
let fileCount = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-csv-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCsv(content: string | Buffer, name = `file-${fileCount++}.csv`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('line endings, quotes and BOM', () => {
  const lines = ['name,score,note', 'a,1,plain', 'b,2,"with, comma"', 'c,3,"say ""hi"""', 'd,4,"two\nlines"'];

  it('reads LF, CRLF and CR files to the same cells', async () => {
    const results = [];
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = lines.map((line) => line.replaceAll('\n', eol)).join(eol) + eol;
      const dataset = await loadDataset(writeCsv(text));
      results.push({
        names: dataset.summary.columns.map((c) => c.name),
        score: Array.from(dataset.numeric('score')),
        note: dataset.strings('note'),
      });
    }
    for (const [i, result] of results.entries()) {
      const eol = ['\n', '\r\n', '\r'][i];
      expect(result.names).toEqual(['name', 'score', 'note']);
      expect(result.score).toEqual([1, 2, 3, 4]);
      expect(result.note).toEqual(['plain', 'with, comma', 'say "hi"', `two${eol === '\r' ? '\n' : eol}lines`]);
    }
  });

  it('strips a UTF-8 byte order mark from the first column name', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const dataset = await loadDataset(writeCsv(Buffer.concat([bom, Buffer.from('Month,Passengers\r\n1949-01,112\r\n1949-02,118\r\n')])));
    expect(dataset.summary.columns[0]).toMatchObject({ name: 'Month', type: 'datetime' });
    expect(dataset.summary.timeColumn).toBe('Month');
  });

  it('reads a file without a line break after its last row', async () => {
    const dataset = await loadDataset(writeCsv('x,y\n1,2\n3,4'));
    expect(Array.from(dataset.numeric('y'))).toEqual([2, 4]);
  });

  it('skips blank lines, as uDSV does', async () => {
    const dataset = await loadDataset(writeCsv('\n\nx,y\n1,2\n\n3,4\n\n'));
    expect(dataset.summary.rowsRead).toBe(2);
    expect(Array.from(dataset.numeric('x'))).toEqual([1, 3]);
  });

  it('copes with mixed line endings (some CRLF lines in an LF file and the reverse)', async () => {
    const lf = await loadDataset(writeCsv('x,label\n1,a\r\n2,b\n3,c\r\n'));
    expect(lf.strings('label')).toEqual(['a', 'b', 'c']);
    const crlf = await loadDataset(writeCsv('x,label\r\n1,a\n2,b\r\n3,c\n'));
    expect(crlf.strings('label')).toEqual(['a', 'b', 'c']);
    expect(Array.from(crlf.numeric('x'))).toEqual([1, 2, 3]);
    // A lone CR is a line break too (it once sent uDSV into an endless loop in a CRLF file).
    const loneCr = await loadDataset(writeCsv('x,label\r\n1,a\r2,b\r\n\r3,c\r\n'));
    expect(loneCr.strings('label')).toEqual(['a', 'b', 'c']);
    await expect(loadDataset(writeCsv('\r\n\n,\rab1\r\n\r\n\r,2021-01-0x'))).rejects.toThrow(/does not look like a CSV table/);
  });
});

describe('delimiters', () => {
  it('detects semicolons, tabs and pipes', async () => {
    for (const delimiter of [';', '\t', '|']) {
      const text = ['city,country', 'price', 'when'].join(delimiter) + '\n' + ['"Paris, FR"', '1.5', '2020-01-01'].join(delimiter) + '\n' + ['Rome', '2.5', '2020-01-02'].join(delimiter) + '\n';
      const dataset = await loadDataset(writeCsv(text));
      expect(dataset.summary.columns.map((c) => c.name), JSON.stringify(delimiter)).toEqual(['city,country', 'price', 'when']);
      expect(Array.from(dataset.numeric('price'))).toEqual([1.5, 2.5]);
      expect(dataset.strings('city,country')).toEqual(['Paris, FR', 'Rome']);
    }
  });

  it('reads a one-column file', async () => {
    const dataset = await loadDataset(writeCsv('value\n3\n1\n2\n'));
    expect(dataset.summary.columns).toHaveLength(1);
    expect(Array.from(dataset.numeric('value'))).toEqual([3, 1, 2]);
  });
});

describe('chunked reading', () => {
  it('reads every cell exactly across chunk boundaries (multi-byte UTF-8, quoted line breaks, CRLF)', async () => {
    // ~600 KB: the reader's chunks (>= 64 KB) end mid-row, mid-character and inside quoted values many times over.
    const words = ['Zürich', 'naïve café', '€ 5', '日本語', '😀 emoji', 'plain', 'a "quoted" word', 'comma, inside', 'line\r\nbreak'];
    const expected: { id: number; text: string; value: number }[] = [];
    let text = 'id,text,value\r\n';
    for (let i = 0; i < 20_000; i++) {
      const cell = `${words[i % words.length]} ${i}`;
      const value = Math.round(Math.sin(i) * 1e6) / 1e3;
      expected.push({ id: i, text: cell, value });
      const quoted = /[",\r\n]/.test(cell) || i % 3 === 0 ? `"${cell.replaceAll('"', '""')}"` : cell;
      text += `${i},${quoted},${value}\r\n`;
    }
    const path = writeCsv(text);
    expect(readFileSync(path).length).toBeGreaterThan(500_000);
    const dataset = await loadDataset(path);
    expect(dataset.summary.rowsRead).toBe(expected.length);
    expect(dataset.summary.findings.map((f) => f.code)).not.toContain('invalid-utf8');
    expect(dataset.strings('text')).toEqual(expected.map((e) => e.text));
    expect(Array.from(dataset.numeric('value'))).toEqual(expected.map((e) => e.value));
    expect(Array.from(dataset.numeric('id'))).toEqual(expected.map((e) => e.id));
  });

  it('round-trips random well-formed tables (RFC 4180 quoting, LF or CRLF, one to four columns)', async () => {
    let seed = 2024;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pieces = ['a', 'b', 'é', ' ', ',', ';', '"', '""', '\n', '\r\n', '\r', '1', '-', 'x y', '\t'];
    for (let table = 0; table < 60; table++) {
      const crlf = random() < 0.5;
      const eol = crlf ? '\r\n' : '\n';
      const columns = 1 + Math.floor(random() * 4);
      const rowCount = 1 + Math.floor(random() * 30);
      const names = Array.from({ length: columns }, (_, c) => `col${c}`);
      // A letter first: never empty, never a missing-value token.
      const cell = () => 'v' + Array.from({ length: Math.floor(random() * 5) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const rows = Array.from({ length: rowCount }, () => names.map(cell));
      const quote = (value: string) => (/[",;\t\r\n]/.test(value) || random() < 0.2 ? `"${value.replaceAll('"', '""')}"` : value);
      const text = [names, ...rows].map((row) => row.map(quote).join(',')).join(eol) + (random() < 0.8 ? eol : '');
      const dataset = await loadDataset(writeCsv(text));
      // Line breaks inside values come back as the file's own kind.
      const expected = (value: string) => value.replace(/\r\n|\r|\n/g, eol);
      expect(dataset.summary.columns.map((c) => c.name), JSON.stringify(text)).toEqual(names);
      for (const [c, name] of names.entries()) {
        expect(dataset.strings(name), JSON.stringify(text)).toEqual(rows.map((row) => expected(row[c])));
      }
    }
  });

  it('reports invalid UTF-8 bytes instead of failing', async () => {
    const latin1 = Buffer.from('city,n\nZ\xfcrich,1\nBern,2\n', 'latin1');
    const dataset = await loadDataset(writeCsv(latin1));
    expect(dataset.strings('city')).toEqual(['Z\uFFFDrich', 'Bern']);
    expect(dataset.summary.findings).toContainEqual(expect.objectContaining({ code: 'invalid-utf8', level: 'warning' }));
  });
});

describe('fingerprint and progress', () => {
  it('hashes the file bytes: id == sha256, and the size', async () => {
    const path = join(FIXTURES, 'szeged-3000.csv');
    const bytes = readFileSync(path);
    const dataset = await loadDataset(path);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(dataset.summary.sha256).toBe(sha256);
    expect(dataset.summary.id).toBe(sha256);
    expect(dataset.summary.sizeBytes).toBe(bytes.length);
    expect(dataset.summary.fileName).toBe('szeged-3000.csv');
  });

  it('lets the caller name the file (uploads are stored under a hash name)', async () => {
    const path = writeCsv('a,b\n1,2\n', '3f2a9c.csv');
    const dataset = await loadDataset(path, { fileName: 'my data.csv' });
    expect(dataset.summary.fileName).toBe('my data.csv');
  });

  it('reports the bytes-read fraction, rising, at most ~20 times, ending at 1', async () => {
    const fractions: number[] = [];
    await loadDataset(join(FIXTURES, 'szeged-3000.csv'), { onProgress: (f) => fractions.push(f) });
    expect(fractions.length).toBeGreaterThan(3); // 500 KB read in 64 KB chunks
    expect(fractions.length).toBeLessThanOrEqual(21);
    expect(fractions.at(-1)).toBe(1);
    for (let k = 1; k < fractions.length; k++) expect(fractions[k]).toBeGreaterThan(fractions[k - 1]);
    expect(fractions.every((f) => f > 0 && f <= 1)).toBe(true);

    const big: number[] = [];
    const rows = Array.from({ length: 60_000 }, (_, i) => `${i},${i * 2}`).join('\n');
    await loadDataset(writeCsv(`a,b\n${rows}\n`), { onProgress: (f) => big.push(f) });
    expect(big.length).toBeGreaterThan(5);
    expect(big.length).toBeLessThanOrEqual(21);
    expect(big.at(-1)).toBe(1);
  });

  it('measures its own wall time', async () => {
    const dataset = await loadDataset(join(FIXTURES, 'airline-passengers.csv'));
    expect(dataset.summary.parseSeconds).toBeGreaterThan(0);
    expect(dataset.summary.parseSeconds).toBeLessThan(5);
  });
});
