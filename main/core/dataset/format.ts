// Runs in: main and trainer processes (plain Node). How counts, values and durations read in messages for the user.

const counts = new Intl.NumberFormat('en-US');
const values = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });

/** 1288 -> "1,288". */
export function formatCount(n: number): string {
  return counts.format(n);
}

/** A measured value, short: 1015.1300001 -> "1,015.13". */
export function formatValue(n: number): string {
  return values.format(n);
}

/** "1 row" / "1,288 rows". */
export function plural(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : pluralNoun}`;
}

const UNITS: [number, string][] = [
  [365.25 * 86_400_000, 'year'],
  [30.44 * 86_400_000, 'month'],
  [7 * 86_400_000, 'week'],
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1_000, 'second'],
];

/** A span in the largest unit that fits, e.g. 14_400_000 -> "4 hours", 1.5 days -> "36 hours". */
export function formatDuration(ms: number): string {
  for (const [size, unit] of UNITS) {
    const amount = ms / size;
    const whole = Math.round(amount);
    // Months and years vary in length: round from 2 up, or when close to one. Smaller units must divide evenly
    // (else step down a unit: 36 hours, not 1.5 days) unless the number is large enough for rounding not to matter.
    const calendar = unit === 'year' || unit === 'month';
    const fits = calendar
      ? amount >= 2 || Math.abs(amount - 1) < 0.04
      : amount >= 1 && (Math.abs(amount - whole) < 1e-9 || amount >= 10);
    if (fits) return `${formatCount(whole)} ${whole === 1 ? unit : `${unit}s`}`;
  }
  return `${formatCount(Math.round(ms))} ms`;
}
