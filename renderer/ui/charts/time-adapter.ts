// Runs in: renderer. Chart.js's date adapter, on a fixed clock: ticks fall on calendar units (midnight, the 1st of a
// month) of the file's own offset rather than the machine's zone, and read like the tables (ui/format.ts). A chart
// passes its clock as `scales.x.adapters.date` ({ offsetMinutes, resolution }).
import { _adapters, type TimeUnit } from 'chart.js';
import { DAY, HOUR, MINUTE, WALL_CLOCK, formatTime, type TimeResolution } from '../format';

export interface ClockOptions {
  offsetMinutes?: number;
  /** How fine tooltips are (the data's spacing). */
  resolution?: TimeResolution;
}

const UNIT_MS: Partial<Record<TimeUnit, number>> = { millisecond: 1, second: 1000, minute: MINUTE, hour: HOUR, day: DAY, week: 7 * DAY };

const tick = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', ...options });
const TICKS: Record<string, Intl.DateTimeFormat> = {
  millisecond: tick({ minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 }),
  second: tick({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
  minute: tick({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  hour: tick({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  day: tick({ month: 'short', day: 'numeric' }),
  week: tick({ month: 'short', day: 'numeric' }),
  month: tick({ year: 'numeric', month: 'short' }),
  quarter: tick({ year: 'numeric', month: 'short' }),
  year: tick({ year: 'numeric' }),
};

function offsetMs(options: ClockOptions | undefined): number {
  return (options?.offsetMinutes ?? WALL_CLOCK.offsetMinutes) * MINUTE;
}

/** Start of `unit` containing the shifted instant `t`, as a shifted instant. */
function startOfShifted(t: number, unit: TimeUnit | 'isoWeek', weekday = 1): number {
  const d = new Date(t);
  switch (unit) {
    case 'millisecond':
      return t;
    case 'second':
      return t - (t % 1000 + 1000) % 1000;
    case 'minute':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
    case 'hour':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours());
    case 'day':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    case 'week':
    case 'isoWeek': {
      const first = unit === 'isoWeek' ? weekday : 0;
      const back = (d.getUTCDay() - first + 7) % 7;
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - back);
    }
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'quarter':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3), 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
  }
}

function addShifted(t: number, amount: number, unit: TimeUnit): number {
  const fixed = UNIT_MS[unit];
  if (fixed !== undefined) return t + amount * fixed;
  const d = new Date(t);
  const months = unit === 'month' ? amount : unit === 'quarter' ? 3 * amount : 12 * amount;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

function monthsBetween(a: number, b: number): number {
  const x = new Date(a);
  const y = new Date(b);
  return (x.getUTCFullYear() - y.getUTCFullYear()) * 12 + (x.getUTCMonth() - y.getUTCMonth());
}

let installed = false;

/** Installs the adapter once (Chart.js has one date adapter per page). */
export function installClockAdapter(): void {
  if (installed) return;
  installed = true;
  _adapters._date.override({
    // Each format is named after its unit; format() below knows how to write each.
    formats: () => Object.fromEntries([...Object.keys(TICKS), 'datetime'].map((key) => [key, key])) as Record<TimeUnit | 'datetime', string>,
    parse(value: unknown) {
      if (typeof value === 'number') return value;
      if (value instanceof Date) return value.getTime();
      return null;
    },
    format(this: { options?: ClockOptions }, time: number, format: string) {
      const shifted = time + offsetMs(this.options);
      if (format === 'datetime') return formatTime(time, { offsetMinutes: this.options?.offsetMinutes ?? 0, label: '' }, this.options?.resolution ?? 'minute');
      return (TICKS[format] ?? TICKS.day).format(new Date(shifted));
    },
    add(this: { options?: ClockOptions }, time: number, amount: number, unit: TimeUnit) {
      const off = offsetMs(this.options);
      return addShifted(time + off, amount, unit) - off;
    },
    diff(this: { options?: ClockOptions }, max: number, min: number, unit: TimeUnit) {
      const fixed = UNIT_MS[unit];
      if (fixed !== undefined) return (max - min) / fixed;
      const off = offsetMs(this.options);
      const months = monthsBetween(max + off, min + off);
      return unit === 'month' ? months : unit === 'quarter' ? months / 3 : months / 12;
    },
    startOf(this: { options?: ClockOptions }, time: number, unit: TimeUnit | 'isoWeek', weekday?: number) {
      const off = offsetMs(this.options);
      return startOfShifted(time + off, unit, weekday) - off;
    },
    endOf(this: { options?: ClockOptions }, time: number, unit: TimeUnit | 'isoWeek') {
      const off = offsetMs(this.options);
      const start = startOfShifted(time + off, unit);
      const next = unit === 'isoWeek' ? start + 7 * DAY : addShifted(start, 1, unit);
      return next - 1 - off;
    },
  });
}
