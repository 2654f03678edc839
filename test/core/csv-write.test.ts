// Runs in: vitest (node). CSV export quoting, checked by reading the output back with the importer's parser.
import { inferSchema, initParser } from 'udsv';
import { describe, expect, test } from 'vitest';
import { toCsv } from '../../shared/util/csv-write';

describe('toCsv', () => {
  test('quotes what needs quoting and round-trips through a CSV parser', () => {
    const rows = [
      ['plain', 1.5, true],
      ['comma, inside', -2, false],
      ['say "hi"', null, null],
      ['two\nlines', Number.NaN, true],
    ];
    const text = toCsv(['text', 'value', 'flag'], rows);
    const schema = inferSchema(text);
    const parsed = initParser(schema).stringArrs(text);
    expect(parsed).toEqual([
      ['plain', '1.5', 'true'],
      ['comma, inside', '-2', 'false'],
      ['say "hi"', '', ''],
      ['two\nlines', '', 'true'],
    ]);
  });
});
