// Runs in: renderer. Number and date formatting shared by tables and charts.

const significant = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });
const fixed1 = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** A metric or loss: four significant digits, '—' when there is none. */
export function formatMetric(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? significant.format(value) : '—';
}

export function formatPercent(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  return `${value > 0 ? '+' : ''}${fixed1.format(value)} %`;
}

export function formatInteger(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? integer.format(value) : '—';
}

/** "1 epoch", "3 epochs", "1,200 rows": a count with its noun in the right number. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatInteger(count)} ${count === 1 ? singular : pluralForm}`;
}

export function formatSeconds(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  return value < 10 ? `${fixed1.format(value)} s` : `${integer.format(value)} s`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * Which clock a file's times are shown on. Times without an offset are wall-clock times on a UTC axis (main/core's
 * datetime.ts), so they are shown on that axis unchanged; times written with one (+0100) are shown in that offset.
 */
export interface TimeZoneInfo {
  /** Added to the UTC instant before formatting. */
  offsetMinutes: number;
  /** '' for a file's own wall clock, else e.g. 'UTC+01:00', said beside the times. */
  label: string;
}

export const WALL_CLOCK: TimeZoneInfo = { offsetMinutes: 0, label: '' };

const OFFSET = /(?:([+-])(\d{2}):?(\d{2})|Z)$/;

/** The offset written on a time cell ("2006-04-01 00:00:00.000 +0200" -> +120), null when it has none. */
export function writtenOffset(cell: string): number | null {
  const match = OFFSET.exec(cell.trim());
  if (!match) return null;
  if (!match[1]) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

export function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A file's clock, read from its first time cell: the offset it is written in, or its own wall clock. */
export function timeZoneOf(dataset: { timeColumn: string | null; columns: { name: string }[]; previewRows: string[][] } | null | undefined): TimeZoneInfo {
  if (!dataset?.timeColumn) return WALL_CLOCK;
  const k = dataset.columns.findIndex((column) => column.name === dataset.timeColumn);
  const cell = k >= 0 ? dataset.previewRows[0]?.[k] : undefined;
  const offset = cell === undefined ? null : writtenOffset(cell);
  return offset === null ? WALL_CLOCK : { offsetMinutes: offset, label: offsetLabel(offset) };
}

/** "Time" or "Time (UTC+01:00)": the axis title, with the clock when it is not the file's own. */
export function timeTitle(zone: TimeZoneInfo): string {
  return zone.label ? `Time (${zone.label})` : 'Time';
}

/** How fine the data's times are: what a label must show so that neighbouring steps differ. */
export type TimeResolution = 'second' | 'minute' | 'hour' | 'day' | 'month';

/** The median step between times (the typical spacing, robust to gaps); an hour when there are too few. */
export function typicalStep(times: readonly number[]): number {
  const steps = times.slice(1, 400).map((t, i) => t - times[i]).filter((d) => d > 0).sort((a, b) => a - b);
  return steps.length ? steps[Math.floor(steps.length / 2)] : HOUR;
}

export function timeResolution(times: readonly number[]): TimeResolution {
  const step = typicalStep(times);
  if (step >= 28 * DAY) return 'month';
  if (step >= DAY) return 'day';
  if (step >= HOUR) return 'hour';
  if (step >= MINUTE) return 'minute';
  return 'second';
}

// Shifted instants are formatted as UTC: the offset is already applied, and the machine's own zone never enters.
const FORMATS: Record<TimeResolution, Intl.DateTimeFormat> = {
  month: new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', year: 'numeric', month: 'short' }),
  day: new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }),
  hour: new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  minute: new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  second: new Intl.DateTimeFormat(undefined, {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }),
};

export function formatTime(ms: number, zone: TimeZoneInfo = WALL_CLOCK, resolution: TimeResolution = 'minute'): string {
  return FORMATS[resolution].format(new Date(ms + zone.offsetMinutes * MINUTE));
}

/** Labels as fine as the data's spacing (months, dates, or times of day), on the file's clock. */
export function timeFormatterFor(times: readonly number[], zone: TimeZoneInfo = WALL_CLOCK): (ms: number) => string {
  const resolution = timeResolution(times);
  return (ms) => formatTime(ms, zone, resolution);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${fixed1.format(bytes / 1024)} KB`;
  return `${fixed1.format(bytes / (1024 * 1024))} MB`;
}
