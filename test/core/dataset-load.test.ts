// Runs in: vitest (node). Whole imports of real Szeged and airline slices (test/fixtures): column types, missing
// values, instants, sorting, duplicates, gaps, frequency and the findings. Expectations come from reading the
// fixture text naively here (the Szeged rows hold no quotes), not from the loader.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../../main/core/dataset/load-dataset';

const FIXTURES = join(__dirname, '..', 'fixtures');
const fixture = (name: string) => join(FIXTURES, name);

/** Header and rows of a quote-free CSV fixture. */
function naiveRead(name: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(fixture(name), 'utf8').split(/\r?\n/).filter((line) => line !== '');
  return { header: lines[0].split(','), rows: lines.slice(1).map((line) => line.split(',')) };
}

/** The instant of a Szeged time ('2006-04-01 00:00:00.000 +0200') via Date.parse on its ISO spelling. */
function szegedInstant(text: string): number {
  const [date, time, offset] = text.split(' ');
  return Date.parse(`${date}T${time}${offset.slice(0, 3)}:${offset.slice(3)}`);
}

const messages = (findings: { message: string }[]) => findings.map((f) => f.message);

describe('szeged-3000.csv (first 3,000 rows of the Szeged file)', async () => {
  const dataset = await loadDataset(fixture('szeged-3000.csv'));
  const { summary } = dataset;
  const raw = naiveRead('szeged-3000.csv');
  const col = (name: string) => raw.header.indexOf(name);

  it('types every column', () => {
    expect(summary.columns.map((c) => [c.name, c.type])).toEqual([
      ['Formatted Date', 'datetime'],
      ['Summary', 'category'],
      ['Precip Type', 'category'],
      ['Temperature (C)', 'number'],
      ['Apparent Temperature (C)', 'number'],
      ['Humidity', 'number'],
      ['Wind Speed (km/h)', 'number'],
      ['Wind Bearing (degrees)', 'number'],
      ['Visibility (km)', 'number'],
      ['Loud Cover', 'number'],
      ['Pressure (millibars)', 'number'],
      ['Daily Summary', 'text'],
    ]);
    expect(summary.rowsRead).toBe(raw.rows.length);
    expect(summary.timeColumn).toBe('Formatted Date');
    expect(summary.frequency).toBe('hourly');
  });

  it('reports min, max, mean, distinct and missing as the raw numbers give them', () => {
    const temps = raw.rows.map((r) => Number(r[col('Temperature (C)')]));
    const temperature = summary.columns.find((c) => c.name === 'Temperature (C)')!;
    expect(temperature.min).toBe(Math.min(...temps));
    expect(temperature.max).toBe(Math.max(...temps));
    expect(temperature.mean).toBeCloseTo(temps.reduce((a, b) => a + b, 0) / temps.length, 9);
    expect(temperature.distinct).toBe(new Set(temps).size);
    expect(temperature.missing).toBe(0);
    const summaries = new Set(raw.rows.map((r) => r[col('Summary')]));
    expect(summary.columns.find((c) => c.name === 'Summary')!.distinct).toBe(summaries.size);
    for (const column of summary.columns.filter((c) => c.type === 'number')) {
      const values = raw.rows.map((r) => Number(r[col(column.name)]));
      expect(column.distinct, column.name).toBe(new Set(values).size);
      expect(Array.from(dataset.numeric(column.name)).sort((a, b) => a - b), column.name).toEqual(values.sort((a, b) => a - b));
    }
    expect(summary.columns[0].distinct).toBe(new Set(raw.rows.map((r) => r[0])).size);
  });

  it('sorts by the true instants (offsets respected) and keeps each row whole', () => {
    const time = dataset.time!;
    expect(time).toHaveLength(dataset.rowCount);
    for (let k = 1; k < time.length; k++) expect(time[k]).toBeGreaterThan(time[k - 1]);
    expect(summary.findings).toContainEqual({
      code: 'unsorted-rows',
      level: 'info',
      column: 'Formatted Date',
      message: 'Rows were not in time order; sorted by Formatted Date',
    });
    // Row-alignment: each sorted row's temperature is the one written beside that time in the file.
    const byInstant = new Map(raw.rows.map((r) => [szegedInstant(r[0]), Number(r[col('Temperature (C)')])]));
    const temperature = dataset.numeric('Temperature (C)');
    for (let k = 0; k < time.length; k++) expect(temperature[k]).toBe(byInstant.get(time[k]));
    const dates = dataset.strings('Formatted Date');
    expect(time[dates.indexOf('2006-04-01 00:00:00.000 +0200')]).toBe(Date.parse('2006-03-31T22:00:00Z'));
    expect(time[0]).toBe(Math.min(...raw.rows.map((r) => szegedInstant(r[0]))));
  });

  it('flags the pressure zeros as probably missing, and the constant Loud Cover', () => {
    const zeros = raw.rows.filter((r) => Number(r[col('Pressure (millibars)')]) === 0).length;
    expect(zeros).toBeGreaterThan(0);
    expect(messages(summary.findings)).toContainEqual(
      expect.stringMatching(new RegExp(`^Pressure \\(millibars\\) is 0 in ${zeros} rows: probably missing`)),
    );
    expect(summary.findings).toContainEqual({ code: 'constant-column', level: 'info', column: 'Loud Cover', message: 'Loud Cover is always 0' });
    // Temperature crosses zero: its zeros are readings.
    expect(summary.findings.filter((f) => f.code === 'zero-sentinel').map((f) => f.column)).toEqual(['Pressure (millibars)']);
  });

  it('previews the first 20 sorted rows as written', () => {
    expect(summary.previewRows).toHaveLength(20);
    const first = raw.rows.find((r) => szegedInstant(r[0]) === dataset.time![0])!;
    expect(summary.previewRows[0]).toEqual(first);
    expect(summary.previewRows[19][0]).toBe(dataset.strings('Formatted Date')[19]);
  });
});

describe('szeged-quirks.csv (shuffled days, DST, 24 duplicate rows, null Precip Type)', async () => {
  const dataset = await loadDataset(fixture('szeged-quirks.csv'));
  const { summary } = dataset;
  const raw = naiveRead('szeged-quirks.csv');

  it('drops the 24 exact duplicate rows and says so', () => {
    const distinctLines = new Set(raw.rows.map((r) => r.join(','))).size;
    expect(raw.rows.length - distinctLines).toBe(24);
    expect(summary.rowsRead).toBe(raw.rows.length);
    expect(summary.rowsUsed).toBe(distinctLines);
    expect(dataset.rowCount).toBe(distinctLines);
    expect(summary.findings).toContainEqual({ code: 'duplicate-rows', level: 'info', message: '24 duplicate rows dropped' });
    expect(summary.findings.map((f) => f.code)).not.toContain('duplicate-timestamps');
  });

  it("treats Precip Type 'null' as missing and reports it with its count", () => {
    const nulls = raw.rows.filter((r) => r[2] === 'null').length;
    expect(nulls).toBeGreaterThan(0);
    const precip = summary.columns.find((c) => c.name === 'Precip Type')!;
    const filledValues = new Set(raw.rows.map((r) => r[2]).filter((v) => v !== 'null'));
    expect(precip).toMatchObject({ type: 'category', missing: nulls, distinct: filledValues.size });
    expect(summary.findings).toContainEqual({
      code: 'placeholder-missing',
      level: 'info',
      column: 'Precip Type',
      message: `Precip Type holds 'null' in ${nulls} rows: treated as missing`,
    });
    const cells = dataset.strings('Precip Type');
    expect(cells.filter((c) => c === null)).toHaveLength(nulls);
    expect(cells).not.toContain('null');
  });

  it('orders the daylight-saving hours by instant, one hour apart', () => {
    const dates = dataset.strings('Formatted Date');
    const time = dataset.time!;
    const at = (text: string) => time[dates.indexOf(text)];
    expect(dates.indexOf('2006-10-29 02:00:00.000 +0100')).toBe(dates.indexOf('2006-10-29 02:00:00.000 +0200') + 1);
    expect(at('2006-10-29 02:00:00.000 +0100') - at('2006-10-29 02:00:00.000 +0200')).toBe(3_600_000);
    expect(dates.indexOf('2007-03-25 03:00:00.000 +0200')).toBe(dates.indexOf('2007-03-25 01:00:00.000 +0100') + 1);
    expect(at('2007-03-25 03:00:00.000 +0200') - at('2007-03-25 01:00:00.000 +0100')).toBe(3_600_000);
    // Sorted: 2006-04-02 (later in the file) now comes before 2006-04-10.
    expect(dates.indexOf('2006-04-02 00:00:00.000 +0200')).toBeLessThan(dates.indexOf('2006-04-10 00:00:00.000 +0200'));
    for (let k = 1; k < time.length; k++) expect(time[k]).toBeGreaterThan(time[k - 1]);
  });
});

describe('szeged-gap-2014-07.csv (the file’s 4-hour step)', async () => {
  const dataset = await loadDataset(fixture('szeged-gap-2014-07.csv'));

  it('finds the one gap, its length and where it is', () => {
    expect(dataset.summary.frequency).toBe('hourly');
    expect(dataset.summary.findings).toEqual([
      {
        code: 'time-gap',
        level: 'warning',
        column: 'Formatted Date',
        message: '1 gap in time, the largest 4 hours (2014-07-13 23:00:00.000 +0200 to 2014-07-14 03:00:00.000 +0200)',
      },
      expect.objectContaining({ code: 'constant-column', column: 'Loud Cover' }),
    ]);
  });
});

describe('airline-passengers.csv (monthly, quoted header)', async () => {
  const dataset = await loadDataset(fixture('airline-passengers.csv'));
  const lines = readFileSync(fixture('airline-passengers.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  const passengers = lines.map((line) => Number(line.split(',')[1]));

  it('reads year-months as a monthly time axis', () => {
    const { summary } = dataset;
    expect(summary.columns.map((c) => [c.name, c.type])).toEqual([
      ['Month', 'datetime'],
      ['Passengers', 'number'],
    ]);
    expect(summary.frequency).toBe('monthly');
    expect(summary.findings).toEqual([]);
    expect(dataset.time![0]).toBe(Date.UTC(1949, 0, 1));
    expect(dataset.time![dataset.rowCount - 1]).toBe(Date.UTC(1960, 11, 1));
    expect(Array.from(dataset.numeric('Passengers'))).toEqual(passengers);
    expect(summary.columns[1]).toMatchObject({ min: Math.min(...passengers), max: Math.max(...passengers), missing: 0 });
  });
});
