// Runs in: vitest (node). The column store the importer streams into, and the row re-reader behind it, on real
// slices (test/fixtures) and on files written here: every cell must come back exactly as the file has it, whether
// the store keeps it as a number, a dictionary code, a placeholder, or only in the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsvFile, streamCsvFile } from '../../main/core/dataset/csv-parse';
import { ColumnSink, ParsedColumn, TextColumn } from '../../main/core/dataset/column-store';
import { lastNumberForm, NOT_CANONICAL, toNumber, writeNumber } from '../../main/core/dataset/cell-values';
import { RawRows } from '../../main/core/dataset/raw-rows';

const FIXTURES = join(__dirname, '..', 'fixtures');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-store-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Streams `path` into a ColumnSink, and reads it the plain way (string rows) for comparison. */
async function storeAndRows(path: string) {
  const sink = new ColumnSink();
  const csv = await streamCsvFile(path, 'test.csv', sink);
  const plain = await parseCsvFile(path, 'test.csv');
  const file = new RawRows({ ...csv, path, fileName: 'test.csv', columns: csv.header.length });
  return { sink, csv, rows: plain.rows, file };
}

/** The text a stored cell has, from the store alone (null: only the file knows). */
function storedText(store: ParsedColumn | TextColumn, i: number): string | null {
  return store instanceof TextColumn ? store.cell(i) : store.knownCell(i);
}

describe('number forms', () => {
  it('writes canonical plain decimals back exactly, and marks every other spelling', () => {
    for (const cell of ['0', '1', '-3', '1015.13', '-0.89', '0.05', '1.50', '251.0', '123456789012345', '-0.5']) {
      const value = toNumber(cell);
      expect(lastNumberForm, cell).not.toBe(NOT_CANONICAL);
      expect(writeNumber(value, lastNumberForm)).toBe(cell);
    }
    for (const cell of ['+1', '007', '.5', '5.', '-0', '-0.00', '1e5', '15.826300000000002', ' 3', 'NA', '']) {
      toNumber(cell);
      expect(lastNumberForm, cell).toBe(NOT_CANONICAL);
    }
  });
});

describe('ColumnSink on szeged-3000.csv', async () => {
  const { sink, csv, rows } = await storeAndRows(join(FIXTURES, 'szeged-3000.csv'));
  const col = (name: string) => csv.header.indexOf(name);

  it('parses numbers and ISO times as they stream, row for row equal to Number() and the cells', () => {
    expect(sink.rows).toBe(rows.length);
    for (const name of ['Temperature (C)', 'Humidity', 'Wind Bearing (degrees)', 'Loud Cover', 'Pressure (millibars)']) {
      const store = sink.stores[col(name)];
      expect(store).toBeInstanceOf(ParsedColumn);
      const parsed = store as ParsedColumn;
      expect(parsed.kind).toBe('number');
      expect(parsed.length).toBe(rows.length);
      rows.forEach((row, i) => {
        expect(parsed.data[i]).toBe(Number(row[col(name)]));
        const text = parsed.knownCell(i);
        if (text !== null) expect(text).toBe(row[col(name)]);
      });
    }
    const time = sink.stores[col('Formatted Date')] as ParsedColumn;
    expect(time.kind).toBe('datetime');
    expect(time.data[0]).toBe(Date.parse('2006-03-31T22:00:00Z'));
    expect(time.textElsewhere).toBe(true);
  });

  it('keeps the text columns dictionary-encoded: few distinct labels, every cell as written', () => {
    for (const name of ['Summary', 'Precip Type', 'Daily Summary']) {
      const store = sink.stores[col(name)] as TextColumn;
      expect(store).toBeInstanceOf(TextColumn);
      const dictionary = store.dictionaryView!;
      expect(dictionary.words.length).toBe(new Set(rows.map((row) => row[col(name)])).size);
      rows.forEach((row, i) => expect(store.cell(i)).toBe(row[col(name)]));
    }
  });
});

describe('placeholders and late starts', () => {
  it('keeps NA cells of a numeric column as text beside NaN (beijing-pm25-696.csv), and no strays', async () => {
    const { sink, csv, rows } = await storeAndRows(join(FIXTURES, 'beijing-pm25-696.csv'));
    const pm = csv.header.indexOf('pm');
    const store = sink.stores[pm] as ParsedColumn;
    expect(store).toBeInstanceOf(ParsedColumn);
    const na = rows.filter((row) => row[pm] === 'NA').length;
    expect(na).toBeGreaterThan(0);
    expect(store.nanCells.size).toBe(na);
    expect(store.strays).toBe(0);
    // The column opens with NA rows: they were replayed into the number store once the first number came.
    expect(rows[0][pm]).toBe('NA');
    rows.forEach((row, i) => {
      expect(Number.isNaN(store.data[i])).toBe(row[pm] === 'NA');
      expect(store.knownCell(i)).toBe(row[pm]);
    });
  });

  it('counts stray words in a number column, with the first distinct examples', async () => {
    const lines = ['v,w'];
    for (let i = 0; i < 300; i++) lines.push(`${i === 10 ? 'oops' : i === 20 ? '' : i === 30 ? 'oops' : i === 40 ? 'n/a' : String(i)},x`);
    const path = join(dir, 'strays.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const { sink } = await storeAndRows(path);
    const store = sink.stores[0] as ParsedColumn;
    expect(store.strays).toBe(2);
    expect(store.strayExamples).toEqual(['oops']);
    expect(store.filled).toBe(296);
    expect(store.knownCell(20)).toBe('');
    expect(store.knownCell(40)).toBe('n/a');
  });

  it('tells same and different cells apart, and says when only the file can tell', async () => {
    const path = join(dir, 'same.csv');
    writeFileSync(path, 'x,t\n1.5,2020-01-01\n1.50,2020-01-01\n1.5,2020-01-02\n1e0,2020-01-01\n1,2020-01-01\nNA,2020-01-01\nNA,2020-01-01\n');
    const { sink } = await storeAndRows(path);
    const x = sink.stores[0] as ParsedColumn;
    const t = sink.stores[1] as ParsedColumn;
    expect(x.sameCell(0, 2)).toBe(true);
    expect(x.sameCell(0, 1)).toBe(false); // 1.5 and 1.50: the same value, written differently
    expect(x.sameCell(3, 4)).toBe(false); // '1e0' is kept only in the file, '1' is canonical
    expect(x.sameCell(5, 6)).toBe(true);
    expect(t.sameCell(0, 1)).toBe(null); // equal instants: only the text can say whether the cells are the same
    expect(t.sameCell(0, 2)).toBe(false);
  });
});

describe('TextColumn', () => {
  it('switches from a dictionary to one string per row when values hardly repeat, keeping every cell', () => {
    const text = new TextColumn(16);
    const cells = Array.from({ length: 120_000 }, (_, i) => (i % 3 === 0 ? 'same' : `review number ${i}`));
    for (const cell of cells) text.push(cell);
    expect(text.dictionaryView).toBeNull();
    expect(text.length).toBe(cells.length);
    cells.forEach((cell, i) => {
      if (text.cell(i) !== cell) expect.fail(`row ${i}`);
    });
  });
});

describe('RawRows', () => {
  it('reads chosen rows and whole columns back exactly, across chunks, quoted line breaks, CRLF and a BOM', async () => {
    const lines = ['id,note,value'];
    for (let i = 0; i < 15_000; i++) {
      const note = i % 7 === 0 ? `"line one\r\nline ""two"", ${i}"` : `plain ${i}`;
      lines.push(`${i},${note},${(i * 0.37).toFixed(i % 4)}`);
    }
    const path = join(dir, 'raw.csv');
    writeFileSync(path, '\uFEFF' + lines.join('\r\n') + '\r\n');
    const { csv, rows, file, sink } = await storeAndRows(path);
    expect(csv.sizeBytes).toBeGreaterThan(3 * 64 * 1024); // several chunks, so several marks
    expect(csv.marks.length).toBeGreaterThan(2);
    // Some 64 KB chunk of this file ends inside a quoted value: no record starts there, so no mark.
    expect(csv.marks.length).toBeLessThan(Math.ceil(csv.sizeBytes / (64 * 1024)));
    const wanted = [0, 1, 7, 2999, 3000, 14_998, 14_999, ...csv.marks.map((m) => m.firstRow), ...csv.marks.map((m) => Math.max(0, m.firstRow - 1))];
    const got = file.rows(wanted);
    for (const i of wanted) expect(got.get(i), `row ${i}`).toEqual(rows[i]);
    expect(file.columns([1, 2])).toEqual([rows.map((row) => row[1]), rows.map((row) => row[2])]);
    for (const i of wanted) expect(file.row(i), `row ${i}`).toEqual(rows[i]);
    // The store knows the canonical decimals itself; the file agrees with it.
    const value = sink.stores[2] as ParsedColumn;
    rows.forEach((row, i) => expect(storedText(value, i) ?? row[2]).toBe(row[2]));
  });

  it('refuses to read rows back once the file has changed', async () => {
    const path = join(dir, 'changing.csv');
    writeFileSync(path, 'a,b\n1,2\n3,4\n');
    const { file } = await storeAndRows(path);
    writeFileSync(path, 'a,b\n1,2\n3,4\n5,6\n');
    expect(() => file.rows([1])).toThrow(/changed on disk since it was imported/);
  });
});
