// Runs in: main and trainer processes (plain Node). Turns column profiles and time spacing into Findings: one
// sentence each, with counts, so nothing the loader notices or changes goes unsaid.
import type { Finding } from '../../../shared/model/dataset';
import type { ColumnProfile } from './column-stats';
import type { Spacing } from './time-spacing';
import { formatDuration, formatValue, plural } from './format';

/**
 * A zero is "probably missing" when the column never comes near zero otherwise: every other value has the same
 * sign, their mean lies more than ZERO_SENTINEL_SIGMAS standard deviations from zero (pressure: ~1,016 +- 8 mbar,
 * so 0 is ~130 deviations away), and zeros are rare (under 5% of values). A sensor that failed writes 0; a real
 * reading of air pressure never is. Columns that cross or touch zero (temperature, wind) never qualify.
 */
const ZERO_SENTINEL_SIGMAS = 10;
const ZERO_SENTINEL_MAX_SHARE = 0.05;

/**
 * A value other than 0 is a "probable missing-value marker" when it is the column's lowest or highest value, is
 * repeated (at least MARKER_MIN_COUNT times, at most half the filled cells) and lies far outside every other value:
 * its distance to the nearest of them is more than MARKER_SIGMAS standard deviations of the others and more than
 * their whole range, or it is negative in a column whose other values never are (NOx: 2 to 1,479 ppb, and -200). The UCI air-quality file writes -200 for a missing hour (temperature otherwise -2 to 45: the gap
 * is ~25 deviations and four times the range); loggers write -999, -9999 or 9999. A real reading repeated exactly
 * and that far away is very unlikely; a single spike is not repeated; a capped sensor's repeated maximum sits at the
 * edge of the others, not beyond them.
 */
const MARKER_MIN_COUNT = 3;
const MARKER_SIGMAS = 5;
const MARKER_MIN_REST = 10;

function markerFinding(profile: ColumnProfile, column: string, filled: number): Finding | null {
  for (const { value, count, rest } of profile.extremes ?? []) {
    if (value === 0 || rest === null || rest.count < MARKER_MIN_REST) continue;
    if (count < MARKER_MIN_COUNT || count > filled / 2) continue;
    // A two-valued column (0/1 labels) has no spread to stand outside of.
    if (!(rest.max > rest.min)) continue;
    const gap = value < rest.min ? rest.min - value : value > rest.max ? value - rest.max : 0;
    const farOutside = gap > MARKER_SIGMAS * rest.std && gap > rest.max - rest.min;
    const negativeAmongPositives = value < 0 && rest.min >= 0;
    if (!farOutside && !negativeAmongPositives) continue;
    return {
      code: 'missing-marker',
      level: 'warning',
      column,
      value,
      count,
      others: { count: rest.count, min: rest.min, max: rest.max, mean: rest.mean },
      message:
        `${column} is ${formatValue(value)} in ${plural(count, 'row')}: probably a missing-value marker ` +
        `(its other values lie between ${formatValue(rest.min)} and ${formatValue(rest.max)})`,
    };
  }
  return null;
}

export function columnFindings(profile: ColumnProfile, rowsUsed: number): Finding[] {
  const { summary } = profile;
  const column = summary.name;
  const findings: Finding[] = [];

  if (profile.placeholders.size > 0) {
    const parts = [...profile.placeholders]
      .sort((a, b) => b[1] - a[1])
      .map(([token, count]) => `'${token}' in ${plural(count, 'row')}`);
    findings.push({
      code: 'placeholder-missing',
      level: 'info',
      column,
      message: `${column} holds ${joinAnd(parts)}: treated as missing`,
    });
  }

  if (profile.strays > 0) {
    const what = summary.type === 'datetime' ? 'dates' : 'numbers';
    const examples = profile.strayExamples.map((s) => `'${s}'`).join(', ');
    findings.push({
      code: 'unparsed-values',
      level: 'warning',
      column,
      message: `${column} holds ${plural(profile.strays, 'value')} that ${profile.strays === 1 ? 'is' : 'are'} not ${what} (e.g. ${examples}): treated as missing`,
    });
  }

  // Only numbers: a constant input teaches a model nothing. (A label that never changes in a slice is no news.)
  if (summary.type === 'number' && profile.constant !== null && rowsUsed > 1) {
    findings.push({
      code: 'constant-column',
      level: 'info',
      column,
      message: `${column} is always ${formatValue(profile.constant)}${summary.missing > 0 ? ' where filled' : ''}`,
    });
  }

  const filled = rowsUsed - summary.missing;
  const nz = profile.nonZero;
  if (
    profile.zeros > 0 &&
    nz !== null &&
    profile.zeros < ZERO_SENTINEL_MAX_SHARE * filled &&
    (nz.min > 0 || nz.max < 0) &&
    Math.abs(nz.mean) > ZERO_SENTINEL_SIGMAS * nz.std
  ) {
    findings.push({
      code: 'zero-sentinel',
      level: 'warning',
      column,
      value: 0,
      count: profile.zeros,
      message:
        `${column} is 0 in ${plural(profile.zeros, 'row')}: probably missing ` +
        `(its other values lie between ${formatValue(nz.min)} and ${formatValue(nz.max)})`,
    });
  }
  if (summary.type === 'number') {
    const marker = markerFinding(profile, column, filled);
    if (marker) findings.push(marker);
  }
  return findings;
}

/** "1 gap in time, the largest 4 hours (2014-07-... to 2014-07-...)"; `label(i)` shows the time of kept row i. */
export function gapFinding(
  spacing: Spacing,
  timeColumn: string,
  label: (row: number) => string,
  column: string | undefined = timeColumn,
): Finding | null {
  const gap = spacing.largestGap;
  if (spacing.gapCount === 0 || gap === null) return null;
  return {
    code: 'time-gap',
    level: 'warning',
    column,
    message:
      `${plural(spacing.gapCount, 'gap')} in time, the largest ${formatDuration(gap.ms)} ` +
      `(${label(gap.after - 1)} to ${label(gap.after)})`,
  };
}

function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
