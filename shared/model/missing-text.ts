// Runs in: renderer and main. One sentence per missing-value report, the same in the window preview and the CLI.
import { MISSING_POLICY_LABELS, type MissingReport, type TimeGapReport } from './forecast-data';

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "Pressure (millibars): 24 missing values (24 marked as missing); forward fill filled 24, 0 windows dropped." */
export function describeMissing(report: MissingReport): string {
  const marked = report.marked ? ` (${count(report.marked, 'value')} marked as missing)` : '';
  const dropped = count(report.windowsDropped, 'window');
  const action =
    report.policy === 'drop'
      ? `${dropped} touching them dropped`
      : `${MISSING_POLICY_LABELS[report.policy]} filled ${report.filled.toLocaleString('en-US')}, ${dropped} dropped`;
  return `${report.column}: ${count(report.missing, 'missing value')}${marked}; ${action}.`;
}

/** Null when the series has no gap in time. */
export function describeTimeGaps(report: TimeGapReport | undefined): string | null {
  if (!report || report.gaps === 0) return null;
  return `${count(report.gaps, 'gap')} in time: ${count(report.windowsDropped, 'window')} that would span ${report.gaps === 1 ? 'it' : 'one'} dropped.`;
}
