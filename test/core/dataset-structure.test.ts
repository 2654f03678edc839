// Runs in: vitest (node). The record-shape checker and delimiter sniffing on their own: counts must not depend on
// where the chunks are cut, and quotes must be read the way uDSV reads them.
import { describe, expect, it } from 'vitest';
import { RecordShapeChecker, sniffDelimiter } from '../../main/core/dataset/csv-structure';

function check(chunks: string[], crlf = false) {
  const checker = new RecordShapeChecker(',', crlf);
  for (const chunk of chunks) checker.feed(chunk);
  checker.finish();
  return {
    header: checker.headerFields,
    records: checker.dataRecords,
    ragged: checker.raggedCount,
    examples: checker.raggedExamples,
    unclosed: checker.unclosedQuoteLine,
  };
}

describe('RecordShapeChecker', () => {
  const text = 'a,b,c\n1,"say ""hi"", then go",3\n2,"multi\nline, ok",4\n\n3,4\n5,"""",6,7\n"q"tail,8,9';

  it('counts fields outside quotes and names ragged records by their first line', () => {
    expect(check([text])).toEqual({
      header: 3,
      records: 5,
      ragged: 2,
      examples: [
        { line: 6, fields: 2 },
        { line: 7, fields: 4 },
      ],
      unclosed: null,
    });
  });

  it('gives the same answer wherever the chunks are cut (inside quotes, on a "" escape, on the delimiter)', () => {
    const whole = check([text]);
    for (let cut = 0; cut <= text.length; cut++) {
      expect(check([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
    for (let a = 1; a < text.length; a += 3) {
      for (let b = a; b < text.length; b += 5) {
        expect(check([text.slice(0, a), text.slice(a, b), text.slice(b)])).toEqual(whole);
      }
    }
  });

  it('reports a quoted value that never closes, with its line', () => {
    expect(check(['a,b\n1,2\n3,"open\n4,5\n'])).toMatchObject({ unclosed: 3 });
  });

  it('skips blank lines and reads CRLF records', () => {
    expect(check(['a,b\r\n\r\n1,2\r\n\r\n3,4\r\n'], true)).toMatchObject({ header: 2, records: 2, ragged: 0 });
    expect(check(['\n\na,b\n1\n'])).toMatchObject({ header: 2, records: 1, ragged: 1, examples: [{ line: 4, fields: 1 }] });
  });
});

describe('sniffDelimiter', () => {
  it('picks the delimiter that splits every sample row like the header', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(sniffDelimiter('a;b;c\n1,5;2,5;3\n')).toBe(';');
    expect(sniffDelimiter('a\tb\n"x, y"\t2\n')).toBe('\t');
    expect(sniffDelimiter('name, unit\tvalue\nspeed, km/h\t3\nx\t4\n')).toBe('\t');
    expect(sniffDelimiter('a|b\n1|2\n')).toBe('|');
    expect(sniffDelimiter('"a;b",c\n"1;2",3\n')).toBe(',');
  });

  it('falls back to comma for a single column', () => {
    expect(sniffDelimiter('value\n1\n2\n')).toBe(',');
  });
});
