// Runs in: renderer (pure). The x ranges of a line chart: the data's bounds (the axis never runs past them) and the
// span a long series opens on, so that its first view can be read (a week of hourly data, not 14,000 points).
import { DAY, HOUR, typicalStep, type TimeZoneInfo } from '../format';
import type { LineSeries } from './series';

export interface XRange {
  min: number;
  max: number;
}

/** A line chart's x axis: time on a file's clock, or plain numbers (epochs, steps). */
export type XAxis =
  | { kind: 'time'; zone: TimeZoneInfo }
  | { kind: 'linear'; title: string; integer?: boolean; format?: (value: number) => string };

/** The span a chart opens on, and the words of the button that brings it back. */
export interface OpeningSpan extends XRange {
  label: string;
}

/** Smallest and largest x over every line; null when there is no point. Lines are sorted by x. */
export function dataBounds(lines: readonly LineSeries[]): XRange | null {
  let min = Infinity;
  let max = -Infinity;
  for (const line of lines) {
    if (line.points.length === 0) continue;
    min = Math.min(min, line.points[0].x);
    max = Math.max(max, line.points[line.points.length - 1].x);
  }
  return Number.isFinite(min) ? { min, max } : null;
}

/** Points a series of steps opens on when it has no time (or no finer than hourly): about a screen's worth. */
export const READABLE_POINTS = 300;
/** Hourly (or finer) data opens on its last week. */
export const READABLE_DAYS = 7;

/**
 * The end of the series a chart opens on: for times spaced an hour or less apart, the last 7 days; otherwise the
 * last ~300 points. Null when the whole series is already that short (show it all).
 */
export function readableSpan(xs: readonly number[], isTime: boolean): OpeningSpan | null {
  if (xs.length < 2) return null;
  const last = xs[xs.length - 1];
  if (isTime && typicalStep(xs) <= HOUR) {
    const min = last - READABLE_DAYS * DAY;
    return min > xs[0] ? { min, max: last, label: `Last ${READABLE_DAYS} days` } : null;
  }
  if (xs.length <= READABLE_POINTS) return null;
  return { min: xs[xs.length - READABLE_POINTS], max: last, label: `Last ${READABLE_POINTS} points` };
}

/** `view` kept inside `bounds`, keeping its width where it fits. */
export function clampRange(view: XRange, bounds: XRange): XRange {
  const width = Math.min(view.max - view.min, bounds.max - bounds.min);
  let min = Math.max(bounds.min, Math.min(view.min, bounds.max - width));
  if (!Number.isFinite(min)) min = bounds.min;
  return { min, max: min + width };
}

export function sameRange(a: XRange | null, b: XRange | null): boolean {
  if (a === null || b === null) return a === b;
  const tolerance = Math.max(1e-9, Math.abs(a.max - a.min) * 1e-6);
  return Math.abs(a.min - b.min) <= tolerance && Math.abs(a.max - b.max) <= tolerance;
}
