// Runs in: renderer. The runs table's columns: header text, the sort key behind it, and alignment.
import type { RunSummary } from '../../shared/api';
import type { RunSortColumn } from '../../shared/run-log';

export interface RunColumn {
  label: string;
  sort: RunSortColumn;
  numeric?: boolean;
}

/** In table order, after the select, star and run-number columns. */
export const RUN_COLUMNS: RunColumn[] = [
  { label: 'Date', sort: 'createdAt' },
  { label: 'Dataset', sort: 'dataset' },
  { label: 'Cell', sort: 'cell' },
  { label: 'Layers×units', sort: 'hiddenUnits', numeric: true },
  { label: 'Window', sort: 'window', numeric: true },
  { label: 'Horizon', sort: 'horizon', numeric: true },
  { label: 'Epochs', sort: 'epochsRun', numeric: true },
  { label: 'Status', sort: 'status' },
  { label: 'Best val loss', sort: 'bestValLoss', numeric: true },
  { label: 'Test MAE', sort: 'testMae', numeric: true },
  { label: 'Backend', sort: 'backend' },
];

/** Metrics read best from low to high on the first click; dates and counts from newest/largest. */
export const ASCENDING_FIRST = new Set<RunSortColumn>(['dataset', 'cell', 'status', 'backend', 'bestValLoss', 'testMae']);

export function modelShape(run: RunSummary): string {
  const { layers, hiddenUnits, bidirectional } = run.config;
  return `${layers}×${hiddenUnits}${bidirectional ? ' bi' : ''}`;
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
