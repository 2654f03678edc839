// Runs in: main and trainer processes (plain Node). Recognises ISO-like date/time cells and turns them into instants.
//
// Not `Date.parse`: it reads offset-less times in the machine's local zone (the same file would load differently per
// machine, and daylight saving would open fake gaps) and is slow on 100k cells. Times without an offset are read as
// wall-clock times on a UTC axis; times with one (+0200, +01:00, Z) become the true instant, so a file whose offset
// flips with daylight saving (Szeged) still gets evenly spaced hours.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// YYYY-MM, YYYY-M-D, YYYY/MM/DD[T ]H:MM[:SS[.fff]][ ][Z|+HH|+HHMM|+HH:MM]: the shapes the fast path does not take.
const DATE_TIME =
  /^(\d{4})([-/])(\d{1,2})(?:\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?$/;

/** Epoch milliseconds of an ISO-like date/time string, or NaN when the text is not one. */
export function parseDateTime(text: string): number {
  const fast = parseIsoFast(text);
  return fast === fast ? fast : parseWithRegex(text);
}

/** Cheap pre-check used before scanning a whole column: does this cell look like a date at all? */
export function looksLikeDateTime(text: string): boolean {
  return text.length >= 7 && !Number.isNaN(parseDateTime(text));
}

/**
 * The common fixed-width shape, YYYY-MM-DD[( |T)HH:MM[:SS[.f+]]][ ][Z|±HH[:]MM], read digit by digit: about 10x faster
 * than the regex, which matters at 100k rows. Any surprise returns NaN and the regex gets a look.
 */
function parseIsoFast(s: string): number {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return NaN;
  let ms = daysFromCivil(year, month, day) * DAY;
  if (n === 10) return ms;
  const separator = s.charCodeAt(10);
  if ((separator !== 32 && separator !== 84) /* ' ' or T */ || n < 16 || s.charCodeAt(13) !== 58) return NaN;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  let second = 0;
  let millis = 0;
  let i = 16;
  if (i < n && s.charCodeAt(i) === 58) {
    second = digits(s, 17, 2);
    i = 19;
    const mark = s.charCodeAt(i);
    if (i < n && (mark === 46 || mark === 44)) {
      i += 1;
      const start = i;
      for (let scale = 100; i < n; i++, scale /= 10) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        if (scale >= 1) millis += d * scale;
      }
      if (i === start) return NaN;
    }
  }
  if (!(hour <= 23 && minute <= 59 && second <= 60)) return NaN;
  ms += hour * HOUR + minute * MINUTE + second * 1000 + millis;
  if (i < n && s.charCodeAt(i) === 32) i += 1;
  if (i === n) return ms;
  const sign = s.charCodeAt(i);
  if (sign === 90 /* Z */) return i + 1 === n ? ms : NaN;
  if (sign !== 43 && sign !== 45) return NaN;
  const offsetHours = digits(s, i + 1, 2);
  let offsetMinutes = 0;
  let j = i + 3;
  if (j < n && s.charCodeAt(j) === 58) j += 1;
  if (j < n) {
    offsetMinutes = digits(s, j, 2);
    j += 2;
  }
  if (j !== n || !(offsetHours <= 18 && offsetMinutes <= 59)) return NaN;
  return ms - (sign === 45 ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * MINUTE;
}

function parseWithRegex(text: string): number {
  const m = DATE_TIME.exec(text);
  if (m === null) return NaN;
  const year = +m[1];
  const month = +m[3];
  const day = m[4] === undefined ? 1 : +m[4];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  let ms = daysFromCivil(year, month, day) * DAY;
  if (m[5] !== undefined) {
    const hour = +m[5];
    const minute = +m[6];
    const second = m[7] === undefined ? 0 : +m[7];
    if (hour > 23 || minute > 59 || second > 60) return NaN;
    // Date.UTC keeps whole milliseconds: '5' -> 500, '123456' -> 123.
    const millis = m[8] === undefined ? 0 : +(m[8] + '00').slice(0, 3);
    ms += hour * HOUR + minute * MINUTE + second * 1000 + millis;
  }
  const offset = m[9];
  if (offset === undefined || offset === 'Z') return ms;
  const sign = offset[0] === '-' ? -1 : 1;
  const hhmm = offset.slice(1).replace(':', '');
  return ms - sign * (+hhmm.slice(0, 2) * 60 + (hhmm.length > 2 ? +hhmm.slice(2, 4) : 0)) * MINUTE;
}

/** The integer in s[from, from+count), or NaN if any of those is not a digit. */
function digits(s: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return NaN;
    value = value * 10 + d;
  }
  return value;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil); what Date.UTC computes. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
