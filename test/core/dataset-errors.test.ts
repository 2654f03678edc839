// Runs in: vitest (node). Files that are not usable CSV tables: each must fail with a UserError that names the
// problem and the fix, never with a crash or a silently wrong table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../main/core/dataset/load-dataset';
import { isUserError } from '../../shared/util/errors';

let dir: string;
let fileCount = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-bad-csv-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCsv(content: string | Buffer, name = `bad-${fileCount++}.csv`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The UserError message loading `path` fails with (fails the test on success or on any other error). */
async function failure(path: string): Promise<string> {
  try {
    await loadDataset(path);
  } catch (error) {
    expect(isUserError(error), String(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`loading ${path} should have failed`);
}

describe('files that cannot be read', () => {
  it('a missing file', async () => {
    const path = join(dir, 'nope.csv');
    expect(await failure(path)).toBe(`There is no file at ${path}: choose an existing CSV file.`);
  });

  it('a folder', async () => {
    const path = join(dir, 'folder.csv');
    mkdirSync(path);
    expect(await failure(path)).toMatch(/is a folder, not a file: choose a CSV file/);
  });

  it('a path that runs through a file', async () => {
    const path = join(writeCsv('a,b\n1,2\n'), 'inside.csv');
    expect(await failure(path)).toBe(`${path} could not be read (ENOTDIR): check that the file is still there and readable.`);
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission (skipped as root, who may read anything)', async () => {
    const path = writeCsv('a,b\n1,2\n');
    chmodSync(path, 0o000);
    expect(await failure(path)).toMatch(/cannot be read \(permission denied\)/);
  });
});

describe('empty and header-only files', () => {
  it('an empty file', async () => {
    expect(await failure(writeCsv(''))).toBe('The file is empty: choose a CSV file with a header row and at least one data row.');
  });

  it('a file of blank lines or only a byte order mark', async () => {
    expect(await failure(writeCsv('\r\n\n  \n'))).toMatch(/^The file is empty/);
    expect(await failure(writeCsv(Buffer.from([0xef, 0xbb, 0xbf])))).toMatch(/^The file is empty/);
  });

  it('a header row and no data, with or without a final line break', async () => {
    for (const text of ['a,b,c', 'a,b,c\n', 'a,b,c\r\n\r\n']) {
      const message = await failure(writeCsv(text, `header-${fileCount++}.csv`));
      expect(message, JSON.stringify(text)).toMatch(/^header-\d+\.csv has a header row but no data rows: add at least one row of data/);
    }
  });
});

describe('files that are not CSV', () => {
  it('binary content (NUL bytes)', async () => {
    const bytes = Buffer.from('a,b\n1,2\n');
    const binary = Buffer.concat([bytes, Buffer.from([0, 1, 2, 3, 0, 255]), bytes]);
    expect(await failure(writeCsv(binary, 'data.bin'))).toMatch(/^data\.bin is not a text file \(it contains binary data\): choose a CSV file/);
  });

  it('an Excel workbook (zip)', async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), Buffer.alloc(100, 7)]);
    expect(await failure(writeCsv(zip, 'book.xlsx'))).toMatch(/^book\.xlsx is an Excel workbook or another zip archive, not a CSV file: save the sheet as CSV/);
  });

  it('UTF-16 text', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\r\n1,2\r\n', 'utf16le')]);
    expect(await failure(writeCsv(utf16))).toMatch(/is UTF-16 text: save it as a UTF-8 CSV file/);
  });

  it('JSON', async () => {
    const json = JSON.stringify([{ a: 1, b: 2 }, { a: 3, b: 4 }], null, 2);
    expect(await failure(writeCsv(json, 'data.json'))).toBe('data.json looks like JSON, not CSV: export the data as a CSV file with a header row.');
    expect(await failure(writeCsv('{"a": 1, "b": 2}', 'one-line.json'))).toMatch(/looks like JSON/);
  });

  it('HTML', async () => {
    expect(await failure(writeCsv('<!doctype html>\n<html><body>a,b</body></html>\n'))).toMatch(/looks like HTML or XML, not CSV/);
  });

  it('prose: lines without a consistent delimiter', async () => {
    const prose = [
      'It was the best of times, it was the worst of times, it was the age of wisdom,',
      'it was the age of foolishness, it was the epoch of belief',
      'it was the epoch of incredulity; it was the season of Light',
      'it was the season of Darkness, it was the spring of hope, it was the winter of despair,',
      'we had everything before us',
    ].join('\n');
    const message = await failure(writeCsv(prose, 'tale.txt'));
    expect(message).toMatch(/^tale\.txt does not look like a CSV table: its lines do not split into the same number of fields \(the header has 4; line 2 has 2, line 3 has 1/);
    expect(message).toMatch(/Choose a CSV file with one header row and one record per line/);
  });
});

describe('malformed tables', () => {
  it('a row with an extra field: names the line and the counts', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},${i * 2},x`);
    rows[6] = '6,12,x,extra';
    const message = await failure(writeCsv(`a,b,c\n${rows.join('\n')}\n`, 'ragged.csv'));
    expect(message).toBe(
      'Line 8 of ragged.csv has 4 fields, but the header has 3. Fix the delimiters or quoting on that line ' +
        '(a value that contains the delimiter must be in double quotes) and import again.',
    );
  });

  it('several short rows: lists their lines, counting lines inside quoted values', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},"note ${i}",${i}`);
    rows[0] = '0,"a note\nover two lines",0'; // lines 2-3
    rows[4] = '4,5'; // line 7
    rows[9] = '9'; // line 12
    const message = await failure(writeCsv(`a,b,c\r\n${rows.join('\r\n')}\r\n`, 'short.csv'));
    expect(message).toMatch(/^Line 7 of short\.csv has 2 fields, but the header has 3 \(lines 7, 12: 2 rows in all\)\. Fix the delimiters or quoting on those lines/);
  });

  it('misshapen rows far into a big quote-free file (past the first chunks) are found all the same', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `2020-01-01 ${String(i % 24).padStart(2, '0')}:00,${i},${i * 2},w${i % 5}`);
    const long = [...rows];
    long[9000] += ',extra'; // line 9,002
    expect(await failure(writeCsv(`t,a,b,c\n${long.join('\n')}\n`, 'far-long.csv'))).toMatch(
      /^Line 9,002 of far-long\.csv has 5 fields, but the header has 4\. Fix the delimiters/,
    );
    const short = [...rows];
    short[12_000] = 'x,1'; // line 12,002
    short[15_000] = '   '; // line 15,002: spaces only, one field
    expect(await failure(writeCsv(`t,a,b,c\r\n${short.join('\r\n')}\r\n`, 'far-short.csv'))).toMatch(
      /^Line 12,002 of far-short\.csv has 2 fields, but the header has 4 \(lines 12,002, 15,002: 2 rows in all\)\./,
    );
  });

  it('a quoted value that never closes', async () => {
    const message = await failure(writeCsv('a,b\n1,"ok"\n2,"unclosed\n3,x\n4,y\n', 'quote.csv'));
    expect(message).toBe(
      'Line 3 of quote.csv opens a quoted value that never closes: add the closing double quote (or remove the stray one) and import again.',
    );
  });

  it('duplicate column names', async () => {
    const message = await failure(writeCsv('time,temp,temp\n2020-01-01,1,2\n', 'dup.csv'));
    expect(message).toBe(
      'The column name "temp" appears 2 times in the header of dup.csv (columns 2, 3): give each column its own name and import again.',
    );
  });

  it('empty column names are named after their position, with a finding (pandas writes its index that way)', async () => {
    const dataset = await loadDataset(writeCsv(',value,\n0,10,a\n1,11,b\n'));
    expect(dataset.summary.columns.map((c) => c.name)).toEqual(['column_1', 'value', 'column_3']);
    expect(dataset.summary.findings).toContainEqual({
      code: 'unnamed-column',
      level: 'info',
      message: 'Columns 1, 3 have no name in the header: named column_1, column_3',
    });
    expect(Array.from(dataset.numeric('column_1'))).toEqual([0, 1]);
  });

  it('warns when the header row looks like data', async () => {
    const dataset = await loadDataset(writeCsv('1,2\n3,4\n5,6\n'));
    expect(dataset.summary.findings.map((f) => f.code)).toContain('header-looks-like-data');
  });
});

describe('asking for columns that are not there or not numeric', () => {
  it('throws a UserError naming the column', async () => {
    const dataset = await loadDataset(writeCsv('when,label,value\n2020-01-01,a,1\n2020-01-02,b,2\n', 'cols.csv'));
    expect(() => dataset.numeric('nope')).toThrow(/Column "nope" is not in cols\.csv: choose one of "when", "label", "value"\./);
    expect(() => dataset.numeric('label')).toThrow(/Column "label" holds category values, not numbers: choose a numeric column\./);
    expect(() => dataset.numeric('when')).toThrow(/holds datetime values/);
    expect(() => dataset.strings('nope')).toThrow(/is not in cols\.csv/);
    try {
      dataset.numeric('label');
    } catch (error) {
      expect(isUserError(error)).toBe(true);
    }
  });
});

describe('never a crash', () => {
  it('answers any scrap of CSV-like text with a dataset or a UserError', async () => {
    let seed = 99;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const alphabet = [',', ',', '"', '\n', '\n', '\r\n', '\r', 'a', 'b', '1', '2.5', ' ', ';', '\t', 'NA', '2021-01-0', 'é'];
    for (let k = 0; k < 300; k++) {
      let text = random() < 0.5 ? 'x,y\n' : '';
      const length = Math.floor(random() * 60);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const path = writeCsv(text);
      try {
        const dataset = await loadDataset(path);
        expect(dataset.rowCount, JSON.stringify(text)).toBe(dataset.summary.rowsUsed);
        expect(dataset.summary.rowsUsed).toBeGreaterThan(0);
      } catch (error) {
        expect(isUserError(error), `${JSON.stringify(text)}: ${String(error)}`).toBe(true);
      }
    }
  });
});
