// Runs in: main and trainer processes (plain Node). Reads a one-column CSV, which uDSV cannot: in its quoted-value
// path a row of one field never ends (it takes every line break at field 0 for a blank line), so any quote in a
// one-column file would fold the whole file into one value.

/** Records of a one-column CSV text (LF or CRLF throughout), blank lines skipped, quotes removed. */
export function parseSingleColumn(text: string, crlf: boolean): string[] {
  const records: string[] = [];
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd === -1) lineEnd = n;
    if (text.charCodeAt(pos) !== 34 /* " */) {
      const end = crlf && lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
      if (end > pos) records.push(text.slice(pos, end));
      pos = lineEnd + 1;
      continue;
    }
    // Quoted: up to the closing quote ("" is a quote), then whatever follows it on that line.
    let value = '';
    let from = pos + 1;
    for (;;) {
      const quote = text.indexOf('"', from);
      if (quote === -1) {
        value += text.slice(from);
        pos = n;
        break;
      }
      value += text.slice(from, quote);
      if (text.charCodeAt(quote + 1) === 34) {
        value += '"';
        from = quote + 2;
        continue;
      }
      pos = quote + 1;
      break;
    }
    let lineEndAfter = text.indexOf('\n', pos);
    if (lineEndAfter === -1) lineEndAfter = n;
    const end = crlf && lineEndAfter > pos && text.charCodeAt(lineEndAfter - 1) === 13 ? lineEndAfter - 1 : lineEndAfter;
    records.push(value + text.slice(pos, end));
    pos = lineEndAfter + 1;
  }
  return records;
}
