// Runs in: renderer (pure). Geometry of a parallel coordinates chart: one vertical axis per setting plus a metric
// axis, one polyline per run, coloured by the metric. The component only draws what this returns.

export type AxisValue = number | string | boolean | null | undefined;

export interface PcRun {
  id: number;
  /** Values by axis key; missing settings are undefined. */
  values: Record<string, AxisValue>;
  /** The metric; null when the run has none (still running, failed). */
  metric: number | null;
}

export interface PcAxisSpec {
  key: string;
  label: string;
}

export interface PcMetricSpec {
  label: string;
  /** Losses and errors: lower is better; accuracy: higher. */
  lowerIsBetter: boolean;
}

export interface PcSize {
  width: number;
  height: number;
  /** Room for the axis titles above and the tick labels beside the axes. */
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface PcTick {
  y: number;
  label: string;
}

export interface PcAxis {
  key: string;
  label: string;
  x: number;
  kind: 'numeric' | 'categorical';
  ticks: PcTick[];
}

export interface PcLine {
  runId: number;
  points: { x: number; y: number }[];
  /** SVG path data through the points. */
  d: string;
  color: string;
  metric: number | null;
}

export interface PcGeometry {
  axes: PcAxis[];
  /** Drawn in this order: runs without a metric first, then worst to best, so the best lies on top. */
  lines: PcLine[];
  /** Metric range over the runs that have one; null when none has. */
  metricRange: { min: number; max: number } | null;
}

export const METRIC_KEY = '__metric';
export const NO_METRIC_COLOR = '#9aa3af';
/** Best to worst: blue through purple to orange, distinguishable for the common colour-vision deficiencies. */
const GRADIENT = ['#1d4ed8', '#7c3aed', '#db2777', '#ea580c'];

const significant = new Intl.NumberFormat('en', { maximumSignificantDigits: 4 });

export function formatAxisValue(value: AxisValue): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number') return significant.format(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

/** Numbers stay numbers; everything else is a category (arrays joined, as the settings table shows them). */
export function axisValue(value: unknown): AxisValue {
  if (Array.isArray(value)) return value.join(', ');
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** Colour for a metric value: the best value of the range gets GRADIENT[0], the worst the last stop. */
export function metricColor(value: number, range: { min: number; max: number }, lowerIsBetter: boolean): string {
  const span = range.max - range.min;
  let t = span > 0 ? (value - range.min) / span : 0;
  if (!lowerIsBetter) t = 1 - t;
  t = Math.min(1, Math.max(0, t));
  const scaled = t * (GRADIENT.length - 1);
  const i = Math.min(GRADIENT.length - 2, Math.floor(scaled));
  return mix(GRADIENT[i], GRADIENT[i + 1], scaled - i);
}

function mix(from: string, to: string, t: number): string {
  const channel = (hex: string, at: number) => parseInt(hex.slice(at, at + 2), 16);
  const out = [1, 3, 5].map((at) => Math.round(channel(from, at) + (channel(to, at) - channel(from, at)) * t));
  return `#${out.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** About `count` round values covering [min, max] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  // The round step nearest the raw one (thresholds at the geometric means, as d3 does).
  const ratio = raw / power;
  const step = (ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.sqrt(2) ? 2 : 1) * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

interface Scale {
  kind: 'numeric' | 'categorical';
  y: (value: AxisValue) => number | null;
  ticks: PcTick[];
}

function numericScale(values: number[], top: number, bottom: number): Scale {
  const min = Math.min(...values);
  const max = Math.max(...values);
  // A single value sits mid-axis rather than on an edge.
  const y = (value: number) => (max > min ? bottom - ((value - min) / (max - min)) * (bottom - top) : (top + bottom) / 2);
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  const tickValues = distinct.length <= 6 ? distinct : niceTicks(min, max);
  return {
    kind: 'numeric',
    y: (value) => (typeof value === 'number' && Number.isFinite(value) ? y(value) : null),
    ticks: tickValues.map((value) => ({ y: y(value), label: formatAxisValue(value) })),
  };
}

function categoricalScale(values: AxisValue[], top: number, bottom: number): Scale {
  const labels = [...new Set(values.map(formatAxisValue))];
  // Categories spread evenly with half a step of room at both ends; one category sits mid-axis.
  const step = (bottom - top) / labels.length;
  const at = (label: string) => bottom - step * (labels.indexOf(label) + 0.5);
  return {
    kind: 'categorical',
    y: (value) => at(formatAxisValue(value)),
    ticks: labels.map((label) => ({ y: at(label), label })),
  };
}

function scaleFor(values: AxisValue[], top: number, bottom: number): Scale {
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return numbers.length > 0 && numbers.length === values.length ? numericScale(numbers, top, bottom) : categoricalScale(values, top, bottom);
}

export function parallelCoordinates(runs: PcRun[], settings: PcAxisSpec[], metric: PcMetricSpec, size: PcSize): PcGeometry {
  const { top, bottom: marginBottom, left, right } = size.margin;
  const bottom = size.height - marginBottom;
  const axisCount = settings.length + 1;
  const xAt = (i: number) => (axisCount === 1 ? (left + size.width - right) / 2 : left + (i * (size.width - left - right)) / (axisCount - 1));

  const scales = settings.map((axis) => scaleFor(runs.map((run) => run.values[axis.key]), top, bottom));
  const metricValues = runs.map((run) => run.metric).filter((v): v is number => v !== null && Number.isFinite(v));
  const metricRange = metricValues.length ? { min: Math.min(...metricValues), max: Math.max(...metricValues) } : null;
  const metricScale = metricValues.length ? numericScale(metricValues, top, bottom) : null;

  const axes: PcAxis[] = settings.map((axis, i) => ({ key: axis.key, label: axis.label, x: xAt(i), kind: scales[i].kind, ticks: scales[i].ticks }));
  axes.push({ key: METRIC_KEY, label: metric.label, x: xAt(settings.length), kind: 'numeric', ticks: metricScale?.ticks ?? [] });

  const lines: PcLine[] = runs.map((run) => {
    const points: { x: number; y: number }[] = [];
    settings.forEach((axis, i) => {
      const y = scales[i].y(run.values[axis.key]);
      if (y !== null) points.push({ x: xAt(i), y });
    });
    const hasMetric = run.metric !== null && Number.isFinite(run.metric) && metricScale && metricRange;
    if (hasMetric) points.push({ x: xAt(settings.length), y: metricScale.y(run.metric) as number });
    return {
      runId: run.id,
      points,
      d: points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join(' '),
      color: hasMetric ? metricColor(run.metric as number, metricRange, metric.lowerIsBetter) : NO_METRIC_COLOR,
      metric: hasMetric ? run.metric : null,
    };
  });

  const badness = (line: PcLine) => (line.metric === null ? Infinity : metric.lowerIsBetter ? line.metric : -line.metric);
  lines.sort((a, b) => badness(b) - badness(a) || a.runId - b.runId);
  return { axes, lines, metricRange };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
