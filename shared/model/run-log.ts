// Runs in: renderer and main. The experiment log's query, edit and compare contract (types + pure helpers).
import type { CellType, RunConfig } from './config';
import type { EpochMetrics } from './metrics';
import type { PredictionSeries, RunStatus, RunSummary } from './run';

/** What the user keeps on a run besides its results. */
export interface RunAnnotations {
  tags: string[];
  note: string;
  starred: boolean;
  archived: boolean;
}

export type RunPatch = Partial<RunAnnotations>;

/** Columns the runs table sorts on. */
export const RUN_SORT_COLUMNS = [
  'id',
  'createdAt',
  'dataset',
  'task',
  'cell',
  'layers',
  'hiddenUnits',
  'window',
  'horizon',
  'epochsRun',
  'status',
  'bestValLoss',
  'lastValLoss',
  'testMae',
  'testRmse',
  'testAccuracy',
  'skill',
  'duration',
  'backend',
  'starred',
] as const;
export type RunSortColumn = (typeof RUN_SORT_COLUMNS)[number];

export interface RunsFilter {
  /** Case-insensitive substring of the dataset, cell, task, status, backend, note or a tag; or a run id. */
  text?: string;
  /** Dataset file name, exactly. */
  dataset?: string;
  cell?: CellType;
  status?: RunStatus;
  tag?: string;
  starred?: boolean;
  /** 'hide' (default) leaves archived runs out, 'only' shows just them, 'include' shows both. */
  archived?: 'hide' | 'only' | 'include';
}

export interface RunsQuery {
  filter?: RunsFilter;
  sort?: { column: RunSortColumn; direction: 'asc' | 'desc' };
  /** Paging; limit defaults to 100 and is at most 1000. */
  offset?: number;
  limit?: number;
}

export interface RunsPage {
  runs: RunSummary[];
  /** Runs matching the filter, over all pages. */
  total: number;
  /** Choices for the filter menus, over the whole log. */
  datasets: string[];
  tags: string[];
}

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 10;
export const COMPARE_MAX_POINTS = 2000;

export interface ComparedRun {
  run: RunSummary;
  epochs: EpochMetrics[];
}

export interface RunComparison {
  runs: ComparedRun[];
  /** Dotted config keys whose values are not all equal, in config order (e.g. "window", "split.train"). */
  differingSettings: string[];
  /** Every dotted config key present in any of the runs, in config order. */
  allSettings: string[];
  /** Test-range predictions, only when every run has them over the same data and the same test range; thinned
   * to at most COMPARE_MAX_POINTS per run (every k-th step), which is more than a chart's width can show. */
  predictions: { runId: number; series: PredictionSeries }[] | null;
  /** Why predictions are absent, for the user; null when present. */
  predictionsNote: string | null;
}

/** Flattens a config into dotted keys; arrays are one value. */
export function flattenSettings(config: RunConfig | Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(config)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of flattenSettings(value as Record<string, unknown>, name)) out.set(inner, innerValue);
    } else {
      out.set(name, value);
    }
  }
  return out;
}

/** The settings of several configs, and which of them differ (a key one config lacks counts as differing). */
export function diffSettings(configs: (RunConfig | Record<string, unknown>)[]): { all: string[]; differing: string[] } {
  const flat = configs.map((config) => flattenSettings(config));
  const all: string[] = [];
  for (const settings of flat) for (const key of settings.keys()) if (!all.includes(key)) all.push(key);
  const differing = all.filter((key) => {
    const values = flat.map((settings) => (settings.has(key) ? JSON.stringify(settings.get(key)) : undefined));
    return values.some((value) => value !== values[0]);
  });
  return { all, differing };
}

/** Tags as stored: trimmed, non-empty, unique, in the order given. */
export function normaliseTags(tags: string[]): string[] {
  const out: string[] = [];
  for (const tag of tags.map((t) => t.trim().replace(/\s+/g, ' '))) if (tag && !out.includes(tag)) out.push(tag);
  return out;
}
