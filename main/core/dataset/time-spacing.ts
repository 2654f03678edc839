// Runs in: main and trainer processes (plain Node). How far apart consecutive rows are: the series' frequency
// (from the median step) and the gaps where steps are much longer than that.

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Calendar steps vary in length (months 28-31 days): a step counts as regular anywhere in its range. */
const CALENDAR: { name: string; min: number; max: number }[] = [
  { name: 'monthly', min: 28 * DAY, max: 31 * DAY },
  { name: 'quarterly', min: 89 * DAY, max: 92 * DAY },
  { name: 'yearly', min: 365 * DAY, max: 366 * DAY },
];
const FIXED: { size: number; single: string; unit: string }[] = [
  { size: WEEK, single: 'weekly', unit: 'week' },
  { size: DAY, single: 'daily', unit: 'day' },
  { size: HOUR, single: 'hourly', unit: 'hour' },
  { size: MINUTE, single: 'every minute', unit: 'minute' },
  { size: SECOND, single: 'every second', unit: 'second' },
];
/** Below this share of steps at the usual spacing, the series has no frequency worth naming. */
const MIN_REGULAR_SHARE = 0.5;
/** A step longer than this many usual steps is a gap (1.5: one missing row is already a gap). */
const GAP_FACTOR = 1.5;

export interface Gap {
  /** Index (in the times array) of the row after the gap. */
  after: number;
  ms: number;
}

export interface Spacing {
  /** 'hourly', 'daily', 'every 10 minutes', 'monthly', 'irregular'; null with fewer than two rows. */
  frequency: string | null;
  gapCount: number;
  largestGap: Gap | null;
}

/** `times` must be strictly increasing (cleaned). */
export function describeSpacing(times: Float64Array, workspace?: Float64Array): Spacing {
  if (times.length < 2) return { frequency: null, gapCount: 0, largestGap: null };
  const usual = usualStepOf(times, workspace);
  if (usual === null) return { frequency: 'irregular', gapCount: 0, largestGap: null };
  const limit = GAP_FACTOR * usual.max;
  let gapCount = 0;
  let largestGap: Gap | null = null;
  for (let k = 1; k < times.length; k++) {
    const step = times[k] - times[k - 1];
    if (step <= limit) continue;
    gapCount += 1;
    if (largestGap === null || step > largestGap.ms) largestGap = { after: k, ms: step };
  }
  return { frequency: usual.name, gapCount, largestGap };
}

/**
 * Rows that follow a gap (the step before them is longer than GAP_FACTOR usual steps), as a per-row flag: a forecast
 * window must not span one, or it would treat hours apart as neighbours. All zero for irregular series (no usual step).
 */
export function rowsAfterGaps(times: Float64Array): Uint8Array {
  const flags = new Uint8Array(times.length);
  if (times.length < 2) return flags;
  const usual = usualStepOf(times);
  if (usual === null) return flags;
  const limit = GAP_FACTOR * usual.max;
  for (let k = 1; k < times.length; k++) if (times[k] - times[k - 1] > limit) flags[k] = 1;
  return flags;
}

/**
 * The usual step between rows, or null when too few steps have it (irregular). Sorts one array of the steps, in
 * `workspace` when given (room for times.length values the caller reuses: no fresh array for a million steps).
 */
function usualStepOf(times: Float64Array, workspace?: Float64Array): { name: string; min: number; max: number } | null {
  const steps = workspace ? workspace.subarray(0, times.length - 1) : new Float64Array(times.length - 1);
  for (let k = 1; k < times.length; k++) steps[k - 1] = times[k] - times[k - 1];
  // The lower median: always a step that occurs, never the mean of two different spacings.
  steps.sort();
  const usual = usualStep(steps[(steps.length - 1) >> 1]);
  return share(steps, usual.min, usual.max) < MIN_REGULAR_SHARE ? null : usual;
}

/** The named spacing the median step matches, with the range of steps that count as that spacing. */
function usualStep(median: number): { name: string; min: number; max: number } {
  // Steps of a day or more may be an hour off where times carry a daylight-saving offset.
  const slack = median >= DAY ? HOUR : 0;
  for (const c of CALENDAR) {
    if (median >= c.min - slack && median <= c.max + slack) return { name: c.name, min: c.min - slack, max: c.max + slack };
  }
  for (const f of FIXED) {
    const count = Math.round(median / f.size);
    if (count >= 1 && Math.abs(median - count * f.size) <= slack) {
      const name = count === 1 ? f.single : `every ${count} ${f.unit}s`;
      return { name, min: median - slack, max: median + slack };
    }
  }
  return { name: `every ${Math.round(median)} ms`, min: median, max: median };
}

function share(steps: Float64Array, min: number, max: number): number {
  let inRange = 0;
  for (let k = 0; k < steps.length; k++) if (steps[k] >= min && steps[k] <= max) inRange += 1;
  return inRange / steps.length;
}
