// Runs in: renderer. The runs table's columns: header text, the sort key behind it (also the column's id), alignment,
// whether it shows before the user chooses, and the text of its cells.
import { isForecastRun, isTextRun, type RunSummary } from '../../shared/model/run';
import type { RunSortColumn } from '../../shared/model/run-log';
import { modelShape } from '../ui/config-text';
import { formatMetric } from '../ui/format';

export interface RunColumn {
  label: string;
  sort: RunSortColumn;
  numeric?: boolean;
  /** Shown until the user chooses otherwise in the column chooser. */
  shownByDefault: boolean;
  /** Cell text; columns without it (date, epochs, status) are drawn by the table itself. */
  text?: (run: RunSummary) => string;
}

/** In table order, after the select, star and run-number columns: what a run did first (status and scores, which
 * must stay in view on a narrow window), then how it was set up. */
export const RUN_COLUMNS: RunColumn[] = [
  { label: 'Date', sort: 'createdAt', shownByDefault: true },
  { label: 'Dataset', sort: 'dataset', shownByDefault: true },
  { label: 'Status', sort: 'status', shownByDefault: true },
  { label: 'Test MAE', sort: 'testMae', numeric: true, shownByDefault: true, text: (run) => (isForecastRun(run) ? formatMetric(run.metrics?.test?.mae) : '—') },
  { label: 'Best val loss', sort: 'bestValLoss', numeric: true, shownByDefault: true, text: (run) => formatMetric(run.bestValLoss) },
  { label: 'Task', sort: 'task', shownByDefault: false, text: (run) => (isTextRun(run) ? 'text' : 'forecast') },
  { label: 'Cell', sort: 'cell', shownByDefault: true, text: (run) => run.config.cell },
  { label: 'Layers×units', sort: 'hiddenUnits', numeric: true, shownByDefault: true, text: (run) => modelShape(run.config) },
  { label: 'Window', sort: 'window', numeric: true, shownByDefault: true, text: (run) => windowOf(run) },
  { label: 'Horizon', sort: 'horizon', numeric: true, shownByDefault: true, text: (run) => horizonOf(run) },
  { label: 'Epochs', sort: 'epochsRun', numeric: true, shownByDefault: true },
  { label: 'Last val loss', sort: 'lastValLoss', numeric: true, shownByDefault: false, text: (run) => formatMetric(run.lastValLoss) },
  { label: 'Test RMSE', sort: 'testRmse', numeric: true, shownByDefault: false, text: (run) => (isForecastRun(run) ? formatMetric(run.metrics?.test?.rmse) : '—') },
  { label: 'Test accuracy', sort: 'testAccuracy', numeric: true, shownByDefault: false, text: (run) => (isTextRun(run) ? formatMetric(run.metrics?.test?.accuracy) : '—') },
  { label: 'Skill', sort: 'skill', numeric: true, shownByDefault: false, text: (run) => (isForecastRun(run) ? formatMetric(run.metrics?.skill?.value) : '—') },
  { label: 'Duration', sort: 'duration', numeric: true, shownByDefault: false, text: (run) => durationOf(run) },
  { label: 'Backend', sort: 'backend', shownByDefault: true, text: (run) => run.backend ?? '—' },
];

/** Metrics read best from low to high on the first click; dates and counts from newest/largest. */
export const ASCENDING_FIRST = new Set<RunSortColumn>(['dataset', 'task', 'cell', 'status', 'backend', 'bestValLoss', 'lastValLoss', 'testMae', 'testRmse']);

/** Wall time from start to finish, as "42 s", "3:05" or "1:02:09"; '—' while running. */
export function durationOf(run: RunSummary): string {
  if (!run.finishedAt) return '—';
  const seconds = Math.round((Date.parse(run.finishedAt) - Date.parse(run.createdAt)) / 1000);
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${seconds} s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

export function windowOf(run: RunSummary): string {
  return run.config.task === 'forecast' ? String(run.config.window) : '—';
}

export function horizonOf(run: RunSummary): string {
  return run.config.task === 'forecast' ? String(run.config.horizon) : '—';
}

/** Tags as typed in the editor: comma separated. */
export function parseTags(text: string): string[] {
  return text.split(',').map((tag) => tag.trim()).filter(Boolean);
}
