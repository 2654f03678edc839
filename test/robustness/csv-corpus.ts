// Runs in: vitest (Node). The CSV part of the robustness corpus (issue 12): hostile and unlucky files, each with the
// exact outcome `seqlab train` must give: the exit code and the one line it prints, or a completed run and what it
// read. Small files are fixtures (fixtures/csv, made by hand or by fixtures/csv/README.md's recipe); large and special
// ones (100,000 columns, a FIFO, a folder) are made at run time in a temporary folder.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CSV_FIXTURES = join(import.meta.dirname, 'fixtures', 'csv');

/** How the corpus runs a case: `seqlab train --csv FILE --target TARGET --window 3 --hidden 4 --epochs 1 --json`. */
export interface CsvCase {
  name: string;
  /** A fixture's file name, or a maker that writes the file into `dir` and returns its path. */
  file: string | ((dir: string) => string);
  target: string;
  extraArgs?: string[];
  expect:
    /** Refused before any run exists: exit 2 and exactly this line on stderr (after "seqlab: "), after these notes. */
    | { refused: string; notes?: string[] }
    /** A run is logged and fails with this error: exit 1. */
    | { failed: string }
    /** The run completes; these import notes are printed (in order, among others), and `check` sees the --json summary. */
    | { completed: true; notes?: string[]; check?: (summary: TrainSummary) => void };
}

export interface TrainSummary {
  status: string;
  error: string | null;
  metrics: { test?: { mae: number | null } };
  config: { target: string; features: string[] };
  dataset: { fileName: string; rowsUsed: number };
}

function hourly(rows: number, cells: (hour: number) => string): string {
  return Array.from({ length: rows }, (_, i) => `${new Date(Date.UTC(2020, 0, 1, i)).toISOString().slice(0, 16).replace('T', ' ')},${cells(i)}`).join('\n');
}

const write = (dir: string, name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

export const CSV_CORPUS: CsvCase[] = [
  {
    name: 'BOM, CRLF line ends and quoted values holding CRLF, quotes and commas',
    file: 'bom-crlf-quoted-newlines.csv',
    target: 'value',
    expect: { completed: true, check: (s) => expect2(s.dataset.rowsUsed, 48) },
  },
  {
    name: 'decimal commas in a semicolon file: said so at import, and refused as a target with the reason',
    file: 'decimal-commas.csv',
    target: 'temp',
    expect: {
      refused:
        'Target column "temp" holds numbers written with a decimal comma, which Seqlab reads as text: save the file ' +
        'with decimal points (in a spreadsheet: a number format with a point), or replace the commas in that column, and import it again.',
      notes: ['temp holds numbers written with a decimal comma (e.g. "0,05"): read as text, not numbers'],
    },
  },
  {
    name: 'UTF-16 LE with its byte order mark',
    file: 'utf16le-bom.csv',
    target: 'value',
    expect: { refused: 'utf16le-bom.csv is UTF-16 text: save it as a UTF-8 CSV file and import that.' },
  },
  {
    name: 'UTF-16 LE without a byte order mark',
    file: 'utf16le-no-bom.csv',
    target: 'value',
    expect: { refused: 'utf16le-no-bom.csv is UTF-16 text: save it as a UTF-8 CSV file and import that.' },
  },
  {
    name: 'UTF-16 BE without a byte order mark',
    file: 'utf16be-no-bom.csv',
    target: 'value',
    expect: { refused: 'utf16be-no-bom.csv is UTF-16 text: save it as a UTF-8 CSV file and import that.' },
  },
  {
    name: '1e309 (beyond a double) is read as missing, with a note, and the run trains on the rest',
    file: 'overflow-1e309.csv',
    target: 'value',
    expect: { completed: true, notes: ["value holds 1 value that is not numbers (e.g. '1e309'): treated as missing"] },
  },
  {
    name: 'values near 1e300: the run fails naming the column and the overflow (not a completed run without metrics)',
    file: 'huge-1e300.csv',
    target: 'value',
    expect: {
      failed:
        'The target column "value" holds values as large as 7.00e+300: squaring them (to scale the column and to score RMSE) ' +
        'overflows double precision, so nothing could be measured. Divide the column by a power of ten (e.g. 1e+297) and import it again.',
    },
  },
  {
    name: '__proto__ as the target and constructor, toString as inputs',
    file: 'proto-headers.csv',
    target: '__proto__',
    extraArgs: ['--features', '__proto__,constructor,toString'],
    expect: {
      completed: true,
      check: (s) => {
        expect2(s.config.features, ['__proto__', 'constructor', 'toString']);
        expect2(typeof s.metrics.test?.mae, 'number');
      },
    },
  },
  {
    name: '100,000 columns: refused at the header, at once',
    file: (dir) => {
      const n = 100_000;
      const header = Array.from({ length: n }, (_, i) => `c${i}`).join(',');
      const rows = Array.from({ length: 3 }, (_, r) => Array.from({ length: n }, (_, i) => String((i + r) % 10)).join(','));
      return write(dir, 'wide.csv', `${header}\n${rows.join('\n')}\n`);
    },
    target: 'c5',
    expect: {
      refused:
        'wide.csv has 100,000 columns; Seqlab reads tables of at most 10,000: keep the columns you need (a spreadsheet or `cut -d, -f` does it) and import that file.',
    },
  },
  {
    name: '100,000 unnamed columns: refused the same way',
    file: (dir) => write(dir, 'unnamed.csv', `${','.repeat(99_999)}\n${Array.from({ length: 100_000 }, () => '1').join(',')}\n`),
    target: 'column_1',
    expect: {
      refused:
        'unnamed.csv has 100,000 columns; Seqlab reads tables of at most 10,000: keep the columns you need (a spreadsheet or `cut -d, -f` does it) and import that file.',
    },
  },
  {
    name: 'a FIFO (named pipe): refused without waiting for a writer',
    file: (dir) => {
      const path = join(dir, 'pipe.csv');
      execFileSync('mkfifo', [path]);
      return path;
    },
    target: 'value',
    expect: { refused: '{dir}/pipe.csv is not a regular file (a named pipe, a device or a socket): choose a CSV file saved on disk.' },
  },
  {
    name: 'a folder named like a CSV',
    file: (dir) => {
      const path = join(dir, 'folder.csv');
      mkdirSync(path);
      return path;
    },
    target: 'value',
    expect: { refused: '{dir}/folder.csv is a folder, not a file: choose a CSV file.' },
  },
  {
    name: 'a JSON file',
    file: (dir) => write(dir, 'data.csv', '[{"time": "2020-01-01", "value": 1}]\n'),
    target: 'value',
    expect: { refused: 'data.csv looks like JSON, not CSV: export the data as a CSV file with a header row.' },
  },
  {
    name: 'an Excel workbook (a zip) renamed .csv',
    file: (dir) => write(dir, 'book.csv', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60, 1)])),
    target: 'value',
    expect: { refused: 'book.csv is an Excel workbook or another zip archive, not a CSV file: save the sheet as CSV (UTF-8) and import that file.' },
  },
  {
    name: 'an unclosed quote',
    file: (dir) => write(dir, 'quote.csv', `time,value\n${hourly(20, (i) => (i === 7 ? '"3' : String(i)))}\n`),
    target: 'value',
    expect: { refused: 'Line 9 of quote.csv opens a quoted value that never closes: add the closing double quote (or remove the stray one) and import again.' },
  },
];

/** The corpus' own tiny assertion for `check` (the test file holds vitest's expect). */
function expect2(actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
