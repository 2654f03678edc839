// Runs in: vitest (node). Date/time cells -> instants: the shapes we read, offsets, and what we refuse.
import { describe, expect, it } from 'vitest';
import { parseDateTime } from '../../main/core/dataset/datetime';

describe('parseDateTime', () => {
  it('reads the Szeged shape with its offset as the true instant', () => {
    expect(parseDateTime('2006-04-01 00:00:00.000 +0200')).toBe(Date.parse('2006-03-31T22:00:00Z'));
    expect(parseDateTime('2006-01-13 23:00:00.000 +0100')).toBe(Date.parse('2006-01-13T22:00:00Z'));
  });

  it('keeps the two 02:00 hours of the night daylight saving ends apart', () => {
    const summer = parseDateTime('2006-10-29 02:00:00.000 +0200');
    const winter = parseDateTime('2006-10-29 02:00:00.000 +0100');
    expect(winter - summer).toBe(3_600_000);
    // Spring: 01:00 +0100 is followed by 03:00 +0200, one hour later.
    expect(parseDateTime('2007-03-25 03:00:00.000 +0200') - parseDateTime('2007-03-25 01:00:00.000 +0100')).toBe(3_600_000);
  });

  it('reads ISO dates, date-times, Z, colon and negative offsets, and year-months', () => {
    expect(parseDateTime('2006-04-01T00:00:00Z')).toBe(Date.UTC(2006, 3, 1));
    expect(parseDateTime('2006-04-01')).toBe(Date.UTC(2006, 3, 1));
    expect(parseDateTime('1949-01')).toBe(Date.UTC(1949, 0, 1));
    expect(parseDateTime('1960-12')).toBe(Date.UTC(1960, 11, 1));
    expect(parseDateTime('2020-02-29T12:30:45.5+01:00')).toBe(Date.parse('2020-02-29T11:30:45.500Z'));
    expect(parseDateTime('2021-06-01 08:15 -05:30')).toBe(Date.parse('2021-06-01T13:45:00Z'));
    expect(parseDateTime('2021-06-01T08:15:00-0330')).toBe(Date.parse('2021-06-01T11:45:00Z'));
    expect(parseDateTime('2021-06-01T08:15:00+02')).toBe(Date.parse('2021-06-01T06:15:00Z'));
    expect(parseDateTime('2021/6/1 08:15')).toBe(Date.UTC(2021, 5, 1, 8, 15));
    expect(parseDateTime('2021-06-01 08:15:00.123456')).toBe(Date.UTC(2021, 5, 1, 8, 15, 0, 123));
  });

  it('reads times without an offset as wall-clock times on a UTC axis, whatever the machine zone', () => {
    expect(parseDateTime('2006-10-29 02:00:00')).toBe(Date.UTC(2006, 9, 29, 2));
  });

  it('refuses impossible dates and non-dates', () => {
    for (const text of [
      '2021-02-29',
      '2021-13-01',
      '2021-04-31',
      '2021-00-10',
      '2021-01-01 25:00',
      '2021-01-01 10:61',
      '2021-01-01 10:00 +02:00 extra',
      '2021-01-01T10:00:00+0200Z',
      'hello',
      '12.5',
      '2021',
      '',
      '01/02/2021',
    ]) {
      expect(parseDateTime(text), text).toBeNaN();
    }
    expect(parseDateTime('2020-02-29')).toBe(Date.UTC(2020, 1, 29));
    expect(parseDateTime('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
    expect(parseDateTime('1900-02-29')).toBeNaN();
  });

  it('agrees with Date.parse on thousands of random ISO instants in every shape we read', () => {
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
    for (let k = 0; k < 3000; k++) {
      const instant = Date.UTC(1900, 0, 1) + Math.floor(random() * 200 * 365.25 * 86_400_000);
      const offsetMinutes = Math.round((random() * 26 - 12) * 4) * 15;
      const local = new Date(instant + offsetMinutes * 60_000);
      const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
      const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}`;
      const sign = offsetMinutes < 0 ? '-' : '+';
      const oh = pad(Math.trunc(Math.abs(offsetMinutes) / 60));
      const om = pad(Math.abs(offsetMinutes) % 60);
      const canonical = `${date}T${time}${sign}${oh}:${om}`;
      expect(Date.parse(canonical)).toBe(instant);
      for (const text of [canonical, `${date} ${time} ${sign}${oh}${om}`, `${date}T${time}${sign}${oh}${om}`]) {
        expect(parseDateTime(text), text).toBe(instant);
      }
      expect(parseDateTime(`${date}T${time}Z`)).toBe(Date.parse(`${date}T${time}Z`));
    }
  });
});
