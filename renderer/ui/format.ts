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

export function formatSeconds(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  return value < 10 ? `${fixed1.format(value)} s` : `${integer.format(value)} s`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const monthFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const minuteFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** Labels as fine as the data's spacing: months for monthly data, dates for daily, times below that. */
export function timeFormatterFor(times: readonly number[]): (ms: number) => string {
  const steps = times.slice(1, 200).map((t, i) => t - times[i]).sort((a, b) => a - b);
  const step = steps.length ? steps[Math.floor(steps.length / 2)] : HOUR;
  const format = step >= 28 * DAY ? monthFormat : step >= DAY ? dayFormat : minuteFormat;
  return (ms) => format.format(new Date(ms));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${fixed1.format(bytes / 1024)} KB`;
  return `${fixed1.format(bytes / (1024 * 1024))} MB`;
}
