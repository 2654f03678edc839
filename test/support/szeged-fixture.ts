// Runs in: vitest (Node). A deliberately tiny Szeged CSV reader for the trainer tests; the app's importer lives elsewhere.
import { readFileSync } from 'node:fs';
import { inferSchema, initParser } from 'udsv';
import type { ForecastSeries } from '../../main/core/forecast/forecast-series';

/**
 * Reads the Szeged weather CSV: drops exact duplicate lines, sorts by the parsed `Formatted Date`
 * (its UTC offset changes with daylight saving), and returns the asked numeric columns ('' -> NaN).
 */
export function readSzeged(path: string, columns: string[]): ForecastSeries & { duplicates: number } {
  const text = readFileSync(path, 'utf8');
  const schema = inferSchema(text);
  const header = schema.cols.map((c) => c.name);
  const body = initParser(schema).stringArrs(text);
  const seen = new Set<string>();
  const rows: string[][] = [];
  for (const row of body) {
    const key = row.join('\u0001');
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(row);
  }
  const timeIndex = header.indexOf('Formatted Date');
  const times = rows.map((row) => Date.parse(row[timeIndex]));
  const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b]);
  const series: ForecastSeries = {
    columns: {},
    times: Float64Array.from(order, (i) => times[i]),
  };
  for (const name of columns) {
    const c = header.indexOf(name);
    if (c < 0) throw new Error(`No column ${name}`);
    series.columns[name] = Float64Array.from(order, (i) => (rows[i][c] === '' ? NaN : Number(rows[i][c])));
  }
  return { ...series, duplicates: body.length - rows.length };
}
