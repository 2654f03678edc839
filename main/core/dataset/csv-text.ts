// Runs in: main and trainer processes (plain Node). The text conventions the streaming parser and the row re-reader
// share, so a row read again from the file splits exactly as it did on import: line breaks, and the uDSV schema.
import type { Schema } from 'udsv';

/**
 * Makes every line break the file's kind before the checker or uDSV sees the text, so both split it alike: uDSV
 * takes a lone CR at the start of a CRLF row for a row end (and loops forever on what follows), and keeps the CR
 * of a CRLF line in an LF file as part of the last value. Counting is cheap; rewriting happens only when needed.
 */
export function normaliseLineBreaks(text: string, crlf: boolean): string {
  if (!crlf) return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
  return onlyCrlf(text) ? text : text.replace(/\r\n|\r|\n/g, '\r\n');
}

/** True when every CR and every LF in `text` belongs to a CRLF pair. */
function onlyCrlf(text: string): boolean {
  let pairs = 0;
  for (let i = text.indexOf('\r\n'); i !== -1; i = text.indexOf('\r\n', i + 2)) pairs += 1;
  let crs = 0;
  for (let i = text.indexOf('\r'); i !== -1 && crs <= pairs; i = text.indexOf('\r', i + 1)) crs += 1;
  if (crs !== pairs) return false;
  let lfs = 0;
  for (let i = text.indexOf('\n'); i !== -1 && lfs <= pairs; i = text.indexOf('\n', i + 1)) lfs += 1;
  return lfs === pairs;
}

/** uDSV skips blank lines, except in a one-column file, where a blank first line would pass for the header. */
export function withoutLeadingBlankLines(text: string): string {
  return text.replace(/^[\r\n]+/, '');
}

/**
 * A uDSV schema of `columns` string columns. `encl`/`esc` null lets uDSV check each chunk for quotes (it has a faster
 * path without); `skip` (header rows to drop) is read by initParser though its d.ts does not list it.
 */
export function csvSchema(delimiter: string, crlf: boolean, columns: number, skip: number): Schema {
  const cols = Array.from({ length: columns }, (_, i) => ({
    name: String(i),
    type: 's' as const,
    repl: { empty: null, null: undefined, NaN: undefined },
  }));
  return { col: delimiter, row: crlf ? '\r\n' : '\n', encl: null, esc: null, trim: false, cols, skip } as unknown as Schema;
}
