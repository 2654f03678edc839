// Runs in: vitest (node). Cleaning and column findings on small synthetic files: repeated timestamps, rows without
// a time, tables without a time axis, placeholders, stray words in numeric columns, zeros that mean "no reading".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../main/core/dataset/load-dataset';

let dir: string;
let fileCount = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-clean-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(lines: string[]) {
  const path = join(dir, `t-${fileCount++}.csv`);
  writeFileSync(path, lines.join('\n') + '\n');
  return loadDataset(path);
}
const hour = (h: number) => `2021-03-01T${String(h).padStart(2, '0')}:00:00Z`;
const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

describe('rows along the time axis', () => {
  it('keeps the first row of a repeated timestamp and warns about the others', async () => {
    const dataset = await load(['time,v', `${hour(0)},1`, `${hour(1)},2`, `${hour(1)},99`, `${hour(1)},2`, `${hour(2)},3`]);
    expect(Array.from(dataset.numeric('v'))).toEqual([1, 2, 3]);
    expect(dataset.summary).toMatchObject({ rowsRead: 5, rowsUsed: 3 });
    expect(dataset.summary.findings).toEqual([
      { code: 'duplicate-rows', level: 'info', message: '1 duplicate row dropped' },
      {
        code: 'duplicate-timestamps',
        level: 'warning',
        column: 'time',
        message: '1 row repeats the time of an earlier row with different values: kept the first row for each time, dropped 1',
      },
    ]);
  });

  it('sorts stably: rows with equal times keep their file order before the first is kept', async () => {
    const dataset = await load(['time,v', `${hour(2)},20`, `${hour(1)},10`, `${hour(2)},21`, `${hour(0)},0`]);
    expect(Array.from(dataset.numeric('v'))).toEqual([0, 10, 20]);
    expect(codes(dataset.summary.findings)).toEqual(['unsorted-rows', 'duplicate-timestamps']);
  });

  it('drops rows without a time and says how many', async () => {
    const dataset = await load(['time,v', `${hour(0)},1`, ',2', `${hour(1)},3`, 'NA,4', `${hour(2)},5`]);
    expect(Array.from(dataset.numeric('v'))).toEqual([1, 3, 5]);
    expect(dataset.summary.findings[0]).toEqual({
      code: 'missing-time',
      level: 'warning',
      column: 'time',
      message: '2 rows have no time: dropped, as they cannot be placed in time order',
    });
    expect(dataset.summary.columns[0].missing).toBe(0); // counted over the rows kept
  });

  it('uses the first date/time column as the time axis', async () => {
    const dataset = await load(['id,start,end', '1,2021-01-02,2021-02-01', '2,2021-01-01,2021-03-01']);
    expect(dataset.summary.timeColumn).toBe('start');
    expect(Array.from(dataset.numeric('id'))).toEqual([2, 1]);
    expect(dataset.summary.columns.map((c) => c.type)).toEqual(['number', 'datetime', 'datetime']);
  });

  it('calls scattered times irregular', async () => {
    const times = ['2021-01-01T00:00Z', '2021-01-01T00:07Z', '2021-01-03T05:00Z', '2021-01-03T05:01Z', '2021-02-11T00:00Z', '2021-02-11T09:30Z'];
    const dataset = await load(['t,v', ...times.map((t, i) => `${t},${i}`)]);
    expect(dataset.summary.frequency).toBe('irregular');
    expect(codes(dataset.summary.findings)).toEqual(['irregular-time']);
  });
});

describe('tables without a time axis', () => {
  it('keeps row order and repeated rows, and only reports the repeats', async () => {
    const dataset = await load(['text,label', 'good film,1', 'bad film,0', 'good film,1', 'fine,1']);
    expect(dataset.summary).toMatchObject({ timeColumn: null, frequency: null, rowsUsed: 4 });
    expect(dataset.time).toBeNull();
    expect(dataset.strings('text')).toEqual(['good film', 'bad film', 'good film', 'fine']);
    expect(dataset.summary.findings).toEqual([
      {
        code: 'repeated-rows',
        level: 'info',
        message: '1 row repeats an earlier row exactly: kept, as without a time column the row order is the sequence',
      },
    ]);
  });

  it('does not call a repeating one-column series duplicated', async () => {
    const dataset = await load(['v', '1', '2', '1', '2', '1']);
    expect(dataset.summary.findings).toEqual([]);
    expect(Array.from(dataset.numeric('v'))).toEqual([1, 2, 1, 2, 1]);
  });
});

describe('column types and missing values', () => {
  it('counts every placeholder as missing and names the written ones', async () => {
    const cells = ['1', '', 'NA', 'N/A', 'null', 'NULL', 'NaN', '?', '-', '2', ' ', ' NA '];
    const dataset = await load(['v,w', ...cells.map((cell, i) => `${cell},${i}`)]);
    const v = dataset.summary.columns[0];
    expect(v).toMatchObject({ type: 'number', missing: 10, distinct: 2, min: 1, max: 2, mean: 1.5 });
    expect(Array.from(dataset.numeric('v')).map((x) => (Number.isNaN(x) ? null : x))).toEqual([1, null, null, null, null, null, null, null, null, 2, null, null]);
    expect(dataset.strings('v').filter((s) => s !== null)).toEqual(['1', '2']);
    expect(dataset.summary.findings).toContainEqual({
      code: 'placeholder-missing',
      level: 'info',
      column: 'v',
      message: "v holds 'NA' in 2 rows, 'N/A' in 1 row, 'null' in 1 row, 'NULL' in 1 row, 'NaN' in 1 row, '?' in 1 row and '-' in 1 row: treated as missing",
    });
  });

  it('tells categories, text and empty columns apart', async () => {
    const sentences = ['The plot moves slowly but the ending pays off', 'I would not watch this again', 'A fine cast wasted on a thin script'];
    const lines = ['label,review,id,nothing'];
    for (let i = 0; i < 60; i++) lines.push(`${['pos', 'neg', 'mixed'][i % 3]},${sentences[i % 3]} ${i},id-${i},`);
    const dataset = await load(lines);
    expect(dataset.summary.columns.map((c) => [c.name, c.type, c.distinct, c.missing])).toEqual([
      ['label', 'category', 3, 0],
      ['review', 'text', 60, 0],
      ['id', 'text', 60, 0],
      ['nothing', 'empty', 0, 60],
    ]);
    expect(() => dataset.numeric('nothing')).toThrow(/holds empty values, not numbers/);
  });

  it('reads numbers with spaces around them, but not hex ids or infinities', async () => {
    const dataset = await load(['a,b,c', ' 1.5 ,0x1F,Infinity', '2e3,0x20,1']);
    expect(dataset.summary.columns.map((c) => c.type)).toEqual(['number', 'category', 'category']);
    expect(Array.from(dataset.numeric('a'))).toEqual([1.5, 2000]);
  });

  it('reads every decimal exactly as Number() does (short ones take a faster path)', async () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const cells: string[] = ['0', '-0', '5.', '.5', '-.25', '+3', '007.50', '123456789012345', '1234567890123456', '0.1', '1e3'];
    for (let i = 0; i < 5000; i++) {
      const digits = 1 + Math.floor(random() * 18);
      let text = '';
      for (let d = 0; d < digits; d++) text += Math.floor(random() * 10);
      const point = Math.floor(random() * (digits + 1));
      if (random() < 0.8) text = `${text.slice(0, point)}.${text.slice(point)}`;
      if (text === '.') text = '0';
      cells.push(random() < 0.3 ? `-${text}` : text);
    }
    const dataset = await load(['v', ...cells]);
    const expected = cells.map(Number);
    const actual = Array.from(dataset.numeric('v'));
    for (let i = 0; i < cells.length; i++) expect(Object.is(actual[i], expected[i]) || actual[i] === expected[i], cells[i]).toBe(true);
  });

  it('keeps a long numeric column numeric despite a few stray words, and says so', async () => {
    const lines = ['v'];
    for (let i = 0; i < 300; i++) lines.push(i === 7 ? 'sensor error' : i === 200 ? 'n.a.' : String(i / 10));
    const dataset = await load(lines);
    expect(dataset.summary.columns[0]).toMatchObject({ type: 'number', missing: 2 });
    expect(Number.isNaN(dataset.numeric('v')[7])).toBe(true);
    expect(dataset.summary.findings).toContainEqual({
      code: 'unparsed-values',
      level: 'warning',
      column: 'v',
      message: "v holds 2 values that are not numbers (e.g. 'sensor error', 'n.a.'): treated as missing",
    });
  });

  it('does not force a short or mostly-word column to numbers', async () => {
    const short = await load(['v', '1', '2', 'three']);
    expect(short.summary.columns[0].type).toBe('category');
    const lines = ['v', ...Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? 'word' : String(i)))];
    const many = await load(lines);
    expect(many.summary.columns[0].type).toBe('text');
  });
});

describe('zeros that stand for a missing reading', () => {
  it('flags a column that never comes near zero except for a few exact zeros', async () => {
    const lines = ['pressure,temperature,count'];
    for (let i = 0; i < 400; i++) {
      const pressure = i % 50 === 3 ? 0 : 1010 + 5 * Math.sin(i / 7);
      lines.push(`${pressure},${(10 * Math.sin(i / 20)).toFixed(2)},${i % 7}`);
    }
    const dataset = await load(lines);
    const zeroFindings = dataset.summary.findings.filter((f) => f.code === 'zero-sentinel');
    expect(zeroFindings).toHaveLength(1);
    expect(zeroFindings[0]).toMatchObject({ column: 'pressure', level: 'warning' });
    expect(zeroFindings[0].message).toMatch(/^pressure is 0 in 8 rows: probably missing \(its other values lie between 1,005 and 1,015\)$/);
    // Reported, not altered.
    expect(Array.from(dataset.numeric('pressure')).filter((v) => v === 0)).toHaveLength(8);
  });

  it('leaves zeros alone when they are common', async () => {
    const lines = ['rain', ...Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? '0' : String(50 + (i % 5))))];
    const dataset = await load(lines);
    expect(codes(dataset.summary.findings)).not.toContain('zero-sentinel');
  });
});
