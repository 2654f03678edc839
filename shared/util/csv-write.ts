// Runs in: renderer and main. Writes CSV text (RFC 4180): every export (runs table, predictions, bundles) uses this.
// Writing is the easy half of CSV; parsing stays with uDSV in main/services/dataset.

export type CsvCell = string | number | boolean | null | undefined;

/** A cell is quoted when it holds a comma, quote, CR or LF, or starts/ends with a space; quotes are doubled. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header line plus one line per row, CRLF-free ("\n") so diffs and spreadsheets both read it. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}
