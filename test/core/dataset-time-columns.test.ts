// Runs in: vitest (node). Time columns as real files write them: month-first London hours (shuffled days), day-first
// dates, Jena's dotted dates, dates that never settle the order, columns that mix orders, a time split over
// year/month/day/hour (Beijing PM2.5), a date column beside a time column, and rows with no time at all.
// Expected instants come from splitting the fixture text here, not from the loader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../main/core/dataset/load-dataset';
import { isUserError } from '../../shared/util/errors';

const FIXTURES = join(__dirname, '..', 'fixtures');
const LONDON = join(FIXTURES, 'london-darksky-336.csv');
const BEIJING = join(FIXTURES, 'beijing-pm25-696.csv');
const JENA = join(FIXTURES, 'jena-climate-19.csv');
const HOUR = 3_600_000;

let dir: string;
let count = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-time-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCsv(text: string): string {
  const path = join(dir, `t-${count++}.csv`);
  writeFileSync(path, text);
  return path;
}

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
const codes = (findings: { code: string }[]) => findings.map((f) => f.code);
const finding = <F extends { code: string }>(findings: F[], code: string): F | undefined => findings.find((f) => f.code === code);

/** '12/27/2011 13:00' read month-first, by hand. */
function londonInstant(text: string): number {
  const [date, clock] = text.split(' ');
  const [month, day, year] = date.split('/').map(Number);
  const [hour, minute] = clock.split(':').map(Number);
  return Date.UTC(year, month - 1, day, hour, minute);
}

describe('London hourly weather (Dark Sky export, month-first, days shuffled)', async () => {
  const dataset = await loadDataset(LONDON);
  const { summary } = dataset;
  const rows = lines(LONDON).slice(1).map((line) => line.split(','));

  it('reads the time column month-first because dates like 12/27/2011 allow nothing else', () => {
    expect(summary.timeColumn).toBe('time');
    expect(summary.timeParts).toBeNull();
    expect(summary.dateAmbiguity).toBeNull();
    expect(summary.frequency).toBe('hourly');
    expect(finding(summary.findings, 'date-order')?.message).toMatch(/^time is read month first \(12\/31\) as dates like \d+\/(1[3-9]|2\d|3[01])\/2011/);
  });

  it('sorts the shuffled days into true instants', () => {
    const expected = rows.map((r) => londonInstant(r[3])).sort((a, b) => a - b);
    expect(Array.from(dataset.time!)).toEqual(expected);
    expect(summary.rowsUsed).toBe(336);
    expect(codes(summary.findings)).toContain('unsorted-rows');
    const temperatures = dataset.numeric('temperature');
    const first = rows.find((r) => r[3] === '11/1/2011 0:00')!;
    expect(temperatures[0]).toBe(Number(first[2]));
  });

  it('reports the gaps between the 14 days it holds, the largest with its size and ends', () => {
    const times = rows.map((r) => londonInstant(r[3])).sort((a, b) => a - b);
    let gaps = 0;
    let largest = 1;
    for (let k = 1; k < times.length; k++) {
      if (times[k] - times[k - 1] > HOUR) gaps += 1;
      if (times[k] - times[k - 1] > times[largest] - times[largest - 1]) largest = k;
    }
    const label = (ms: number) => rows.find((r) => londonInstant(r[3]) === ms)![3];
    const days = Math.round((times[largest] - times[largest - 1]) / (24 * HOUR));
    expect(finding(summary.findings, 'time-gap')?.message).toBe(
      `${gaps} gaps in time, the largest ${days} days (${label(times[largest - 1])} to ${label(times[largest])})`,
    );
  });

  it('asks day-first or month-first when the first two days (11/11 and 12/11) never settle it', async () => {
    const head = writeCsv(lines(LONDON).slice(0, 49).join('\n') + '\n');
    const guess = await loadDataset(head);
    expect(guess.summary.dateAmbiguity).toEqual({ column: 'time', examples: ['11/11/2011 0:00', '11/11/2011 1:00', '11/11/2011 2:00'], assumed: 'dmy' });
    expect(finding(guess.summary.findings, 'ambiguous-date-order')?.message).toMatch(/could be day first or month first .*Choose the order the file uses/);
    // Day-first makes 12/11 the 12th of November: one unbroken run of 48 hours.
    expect(guess.time![24] - guess.time![23]).toBe(HOUR);
    expect(codes(guess.summary.findings)).not.toContain('time-gap');
    expect(guess.summary.importOptions).toEqual({});

    const chosen = await loadDataset(head, { importOptions: { dateOrder: 'mdy' } });
    expect(chosen.summary.importOptions).toEqual({ dateOrder: 'mdy' });
    expect(chosen.summary.dateAmbiguity?.assumed).toBe('mdy');
    expect(finding(chosen.summary.findings, 'date-order-chosen')?.message).toBe('time is read month first (12/31), as chosen: its dates could be either');
    expect(chosen.time![24]).toBe(Date.UTC(2011, 11, 11, 0));
    expect(finding(chosen.summary.findings, 'time-gap')?.message).toBe('1 gap in time, the largest 29 days (11/11/2011 23:00 to 12/11/2011 0:00)');
    expect(chosen.summary.id).toBe(guess.summary.id);
  });

  it('keeps the file order and no time axis when told there is no time column', async () => {
    const plain = await loadDataset(LONDON, { importOptions: { noTime: true } });
    expect(plain.summary.timeColumn).toBeNull();
    expect(plain.time).toBeNull();
    expect(plain.summary.frequency).toBeNull();
    expect(plain.summary.previewRows[0][3]).toBe('11/11/2011 0:00');
    expect(plain.numeric('temperature')[0]).toBe(10.24);
    expect(codes(plain.summary.findings)).toEqual(expect.arrayContaining(['no-time']));
    expect(codes(plain.summary.findings)).not.toContain('unsorted-rows');
    expect(plain.summary.columns.find((c) => c.name === 'time')?.type).toBe('datetime');
  });
});

describe('day-first, dotted and mixed dates', () => {
  it('reads Jena dotted dates (01.01.2009 00:10:00), which never settle the order, and asks', async () => {
    const { summary, time } = await loadDataset(JENA);
    expect(summary.timeColumn).toBe('Date Time');
    expect(summary.frequency).toBe('every 10 minutes');
    expect(time![0]).toBe(Date.UTC(2009, 0, 1, 0, 10));
    expect(summary.dateAmbiguity).toEqual({ column: 'Date Time', examples: ['01.01.2009 00:10:00', '01.01.2009 00:20:00', '01.01.2009 00:30:00'], assumed: 'dmy' });
  });

  it('settles day-first from a day above 12, with slashes, dashes and AM/PM', async () => {
    const slash = await loadDataset(writeCsv('when,v\n12/01/2012 23:00,1\n13/01/2012 0:00,2\n13/01/2012 1:00,3\n'));
    expect(slash.summary.dateAmbiguity).toBeNull();
    expect(Array.from(slash.time!)).toEqual([Date.UTC(2012, 0, 12, 23), Date.UTC(2012, 0, 13, 0), Date.UTC(2012, 0, 13, 1)]);
    expect(finding(slash.summary.findings, 'date-order')?.message).toBe('when is read day first (31/12) as dates like 13/01/2012 0:00 allow nothing else');

    const dash = await loadDataset(writeCsv('when,v\n31-12-2011,1\n01-01-2012,2\n'));
    expect(Array.from(dash.time!)).toEqual([Date.UTC(2011, 11, 31), Date.UTC(2012, 0, 1)]);

    const meridiem = await loadDataset(writeCsv('when,v\n9/29/2016 11:00:00 PM,1\n9/30/2016 12:00:00 AM,2\n9/30/2016 12:30:00 PM,3\n'));
    expect(Array.from(meridiem.time!)).toEqual([Date.UTC(2016, 8, 29, 23), Date.UTC(2016, 8, 30, 0), Date.UTC(2016, 8, 30, 12, 30)]);
  });

  it('says when a column mixes day-first and month-first dates, and drops the rows that cannot be placed', async () => {
    const path = writeCsv('when,v\n13/01/2012 0:00,1\n14/01/2012 0:00,2\n01/15/2012 0:00,3\n');
    const { summary } = await loadDataset(path);
    const mixed = finding(summary.findings, 'mixed-date-order');
    expect(mixed?.message).toBe(
      'when mixes date formats: 2 dates can only be day first (e.g. 13/01/2012 0:00) and 1 date only month first (e.g. 01/15/2012 0:00). ' +
        'Read day first (31/12); the month first ones cannot be placed and are dropped. Fix the file so every date uses one order',
    );
    expect(summary.rowsUsed).toBe(2);
    expect(codes(summary.findings)).toContain('missing-time');
  });

  it('lets the file overrule a choice it contradicts, and says so', async () => {
    const path = writeCsv('when,v\n13/01/2012,1\n14/01/2012,2\n');
    const { summary, time } = await loadDataset(path, { importOptions: { dateOrder: 'mdy' } });
    expect(time![0]).toBe(Date.UTC(2012, 0, 13));
    const order = finding(summary.findings, 'date-order')!;
    expect(order.level).toBe('warning');
    expect(order.message).toBe('when is read day first (31/12), not month first (12/31) as chosen, as dates like 13/01/2012 allow nothing else');
  });

  it('leaves ISO times with offsets alone: no question asked', async () => {
    const { summary, time } = await loadDataset(writeCsv('t,v\n2020-03-29 01:00:00+01:00,1\n2020-03-29 03:00:00+02:00,2\n'));
    expect(summary.dateAmbiguity).toBeNull();
    expect(time![1] - time![0]).toBe(HOUR);
  });
});

describe('a time split over several columns', () => {
  it('builds the Beijing PM2.5 hours from year, month, day and hour', async () => {
    const dataset = await loadDataset(BEIJING);
    const { summary } = dataset;
    const rows = lines(BEIJING).slice(1).map((line) => line.split(','));
    expect(summary.timeColumn).toBeNull();
    expect(summary.timeParts).toEqual(['year', 'month', 'day', 'hour']);
    expect(summary.frequency).toBe('hourly');
    expect(Array.from(dataset.time!)).toEqual(rows.map((r) => Date.UTC(+r[1], +r[2] - 1, +r[3], +r[4])));
    expect(finding(summary.findings, 'time-from-parts')?.message).toBe('The time of each row is built from year, month, day and hour');
    expect(codes(summary.findings)).not.toContain('time-gap');
    const pm = summary.columns.find((c) => c.name === 'pm')!;
    expect(pm.missing).toBe(rows.filter((r) => r[5] === 'NA').length);
    expect(summary.columns.find((c) => c.name === 'year')?.type).toBe('number');
  });

  it('uses the columns the user names, and explains a column that cannot be a time part', async () => {
    const daily = await loadDataset(BEIJING, { importOptions: { timeParts: ['year', 'month', 'day'] } });
    expect(daily.summary.timeParts).toEqual(['year', 'month', 'day']);
    expect(daily.summary.frequency).toBe('daily');
    expect(daily.summary.rowsUsed).toBe(29);
    expect(codes(daily.summary.findings)).toContain('duplicate-timestamps');

    const error = await loadDataset(BEIJING, { importOptions: { timeParts: ['DEWP', 'month'] } }).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Column "DEWP" cannot be the year part of the time: it should hold whole numbers from 1 to 9999. ' +
        'Choose the columns in the order year, month, day, hour, minute (or a date, then a time of day or hour and minute).',
    );
  });

  it('names the columns there are when a chosen time part is not one of them', async () => {
    const error = await loadDataset(BEIJING, { importOptions: { timeParts: ['Year'] } }).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^Time part "Year" is not a column of beijing-pm25-696\.csv: choose among "No", "year", "month",/);
  });

  it('treats rows as evenly spaced in file order when told there is no time', async () => {
    const { summary, time } = await loadDataset(BEIJING, { importOptions: { noTime: true } });
    expect(summary.timeParts).toBeNull();
    expect(time).toBeNull();
    expect(summary.rowsUsed).toBe(696);
  });

  it('joins a date column and a time-of-day column', async () => {
    const path = writeCsv('Date,Time,load\n2020-01-02,00:00,3\n2020-01-01,23:00,2\n2020-01-01,22:00,1\n');
    const { summary, time } = await loadDataset(path);
    expect(summary.timeParts).toEqual(['Date', 'Time']);
    expect(summary.frequency).toBe('hourly');
    expect(Array.from(time!)).toEqual([Date.UTC(2020, 0, 1, 22), Date.UTC(2020, 0, 1, 23), Date.UTC(2020, 0, 2, 0)]);
  });

  it('joins a day-first date column and an hour column', async () => {
    const path = writeCsv('Date,Hour,count\n01/12/2017,0,254\n01/12/2017,1,204\n13/12/2017,0,100\n');
    const { summary, time } = await loadDataset(path);
    expect(summary.timeParts).toEqual(['Date', 'Hour']);
    expect(Array.from(time!)).toEqual([Date.UTC(2017, 11, 1, 0), Date.UTC(2017, 11, 1, 1), Date.UTC(2017, 11, 13, 0)]);
  });

  it('leaves a lone year column, or parts out of range, as plain numbers', async () => {
    const yearOnly = await loadDataset(writeCsv('year,v\n2001,1\n2002,2\n'));
    expect(yearOnly.summary.timeParts).toBeNull();
    const badHour = await loadDataset(writeCsv('year,month,day,hour,v\n2001,1,1,25,1\n2001,1,1,3,2\n'));
    expect(badHour.summary.timeParts).toEqual(['year', 'month', 'day']);
  });
});
