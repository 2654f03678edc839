// Runs in: vitest (Node). Property-based tests of the CSV importer (issue 12), a bounded number of cases each
// (fast-check; a failure prints its seed and the smallest file that fails): any bytes at all end in a dataset or a
// UserError, never another error or a hang; a table written by the CSV rules (quotes, doubled quotes, commas and line
// breaks inside values, CRLF or LF, a BOM or not) is read back cell for cell; numbers come back as the same doubles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../main/core/dataset/load-dataset';
import { isUserError } from '../../shared/util/errors';

/** Cells of an almost-CSV file: numbers, dates, placeholders, labels, quotes opened and not closed, a stray BOM. */
const TOKEN = fc.constantFrom('1', '-2.5e3', '1e309', '2020-01-01 10:00', '13/01/2020', 'NA', '', 'rain', '"q"', '"a,b"', '"open', 'x"y', '\uFEFF', '0x1F', ' 7 ');

/** Cases per property: enough to find quoting and line-break slips, few enough for CI on two cores. */
const RUNS = 150;

let dir: string;
let serial = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-csv-props-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(content: string | Uint8Array): string {
  const path = join(dir, `case-${serial++}.csv`);
  writeFileSync(path, content);
  return path;
}

/** A cell as the CSV rules write it: quoted (quotes doubled) when it holds the delimiter, a quote or a line break. */
const quoted = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

/** Text cells: never a number, a date or a missing-value token (they start with a letter), with every character
 * that needs quoting. Line breaks inside a value are the file's own kind. */
function textCell(lineBreak: string) {
  return fc
    .array(fc.constantFrom('a', 'b', 'é', '𝄞', ' ', ',', '"', ';', '\t', "'", lineBreak), { minLength: 0, maxLength: 12 })
    .map((chars) => `x${chars.join('')}`);
}

describe('the CSV importer on generated input', () => {
  /** A dataset (every column readable) or a UserError, whatever the file holds. */
  async function readsOrRefuses(content: Uint8Array): Promise<void> {
    const path = fileWith(content);
    try {
      const dataset = await loadDataset(path);
      expect(dataset.rowCount).toBe(dataset.summary.rowsUsed);
      expect(dataset.summary.columns.length).toBeGreaterThan(0);
      // Reading every column back (numbers, or the cells as written) must not fail either.
      for (const column of dataset.summary.columns) {
        if (column.type === 'number') expect(dataset.numeric(column.name)).toHaveLength(dataset.rowCount);
        else expect(dataset.strings(column.name)).toHaveLength(dataset.rowCount);
      }
    } catch (error) {
      if (!isUserError(error)) throw error;
    }
  }

  it('any bytes: a dataset or a UserError, never another error', async () => {
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.string({ unit: 'binary', maxLength: 600 }).map((text) => new TextEncoder().encode(text)));
    await fc.assert(fc.asyncProperty(bytes, readsOrRefuses), { numRuns: RUNS });
  });

  it('almost-CSV (stray quotes, ragged rows, odd line breaks and delimiters): a dataset or a UserError', async () => {
    const almostCsv =
    fc
      .record({
        header: fc.array(fc.constantFrom('time', 'value', '__proto__', '', ' a ', 'b"c', 'x,y', 'é', 'label'), { minLength: 1, maxLength: 4 }),
        eol: fc.constantFrom('\n', '\r\n', '\r'),
        delimiter: fc.constantFrom(',', ',', ';', '\t'),
      })
      .chain(({ header, eol, delimiter }) =>
        fc
          .array(
            fc.tuple(
              fc.array(TOKEN, { minLength: header.length, maxLength: header.length }),
              // Now and then a row with a field too many or too few.
              fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 0, 1, -1),
            ),
            { minLength: 1, maxLength: 30 },
          )
          .map((rows) =>
            new TextEncoder().encode(
              [header, ...rows.map(([cells, skew]) => (skew > 0 ? [...cells, 'extra'] : skew < 0 ? cells.slice(1) : cells))]
                .map((row) => row.join(delimiter))
                .join(eol) + eol,
            ),
          ),
      );
    await fc.assert(fc.asyncProperty(almostCsv, readsOrRefuses), { numRuns: RUNS * 2 });
  });

  it('a table written by the CSV rules is read back cell for cell', async () => {
    const table = fc
      .record({ crlf: fc.boolean(), bom: fc.boolean(), columns: fc.integer({ min: 2, max: 5 }), rows: fc.integer({ min: 1, max: 25 }) })
      .chain(({ crlf, bom, columns, rows }) =>
        fc.record({
          crlf: fc.constant(crlf),
          bom: fc.constant(bom),
          cells: fc.array(fc.array(textCell(crlf ? '\r\n' : '\n'), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
        }),
      );
    await fc.assert(
      fc.asyncProperty(table, async ({ crlf, bom, cells }) => {
        const eol = crlf ? '\r\n' : '\n';
        const names = cells[0].map((_, c) => `c${c}`);
        const text = [names.join(','), ...cells.map((row) => row.map(quoted).join(','))].join(eol) + eol;
        const dataset = await loadDataset(fileWith((bom ? '\uFEFF' : '') + text));
        expect(dataset.summary.columns.map((c) => c.name)).toEqual(names);
        expect(dataset.rowCount).toBe(cells.length);
        for (let c = 0; c < names.length; c++) expect(dataset.strings(names[c])).toEqual(cells.map((row) => row[c]));
      }),
      { numRuns: RUNS },
    );
  });

  it('numbers come back as the same doubles', async () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));
    const column = fc.array(finite, { minLength: 3, maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(column, async (values) => {
        const text = ['value,label', ...values.map((v, i) => `${String(v)},x${i % 3}`)].join('\n') + '\n';
        const dataset = await loadDataset(fileWith(text));
        expect(dataset.summary.columns[0].type).toBe('number');
        expect([...dataset.numeric('value')]).toEqual(values);
      }),
      { numRuns: RUNS },
    );
  });
});
