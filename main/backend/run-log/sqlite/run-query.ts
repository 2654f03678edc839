// Runs in: main process (plain Node). The runs table's query: filter, sort and page in SQL, over indexed and
// generated columns of `runs`, so a page of 10,000 runs costs one indexed scan and never reads prediction blobs.
import type Database from 'better-sqlite3';
import type { RunSortColumn, RunsQuery } from '../../../../shared/model/run-log';

/** Sort keys -> SQL expressions over `runs` (all columns exist from schema version 2). */
const SORT_SQL: Record<RunSortColumn, string> = {
  id: 'id',
  createdAt: 'created_at',
  dataset: 'dataset_name COLLATE NOCASE',
  task: 'task',
  cell: 'cell',
  layers: 'layers',
  hiddenUnits: 'hidden_units',
  window: 'window_size',
  horizon: 'horizon',
  epochsRun: 'epochs_run',
  status: 'status',
  bestValLoss: 'best_val_loss',
  lastValLoss: 'last_val_loss',
  testMae: 'test_mae',
  testRmse: 'test_rmse',
  testAccuracy: 'test_accuracy',
  skill: 'skill',
  duration: 'duration_seconds',
  backend: 'backend',
  starred: 'starred',
};

const NEVER_NULL = new Set<RunSortColumn>(['id', 'createdAt', 'epochsRun', 'status', 'starred']);

/** The columns a summary is built from: not the generated ones, which would each cost a JSON parse per row. */
const SUMMARY_COLUMNS = `id, created_at, finished_at, status, error, config, dataset, backend, epochs_run, train_seconds,
  train_samples_per_second, metrics, baselines, tags, note, starred, archived, best_val_loss, last_val_loss,
  sweep_id, provenance, rerun_of, reproduction, has_model, parent_run_id`;

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface BuiltQuery {
  where: string;
  params: Record<string, unknown>;
  orderBy: string;
  limit: number;
  offset: number;
}

export function buildRunsQuery(query: RunsQuery = {}): BuiltQuery {
  const filter = query.filter ?? {};
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  const archived = filter.archived ?? 'hide';
  if (archived === 'hide') clauses.push('archived = 0');
  if (archived === 'only') clauses.push('archived = 1');
  if (filter.dataset) {
    clauses.push('dataset_name = @dataset');
    params.dataset = filter.dataset;
  }
  if (filter.cell) {
    clauses.push('cell = @cell');
    params.cell = filter.cell;
  }
  if (filter.status) {
    clauses.push('status = @status');
    params.status = filter.status;
  }
  if (filter.starred !== undefined) clauses.push(filter.starred ? 'starred = 1' : 'starred = 0');
  if (filter.tag) {
    clauses.push('id IN (SELECT run_id FROM run_tags WHERE tag = @tag)');
    params.tag = filter.tag;
  }
  const text = filter.text?.trim();
  if (text) {
    // `search` is the lower-cased dataset, task, cell, backend, note and tags (kept by triggers); LIKE is
    // case-insensitive for ASCII, and the escape keeps % and _ literal.
    params.like = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const parts = [`search LIKE @like ESCAPE '\\'`, `status LIKE @like ESCAPE '\\'`];
    const id = /^#?(\d+)$/.exec(text);
    if (id) {
      parts.push('id = @textId');
      params.textId = Number(id[1]);
    }
    clauses.push(`(${parts.join(' OR ')})`);
  }
  const column = query.sort?.column ?? 'createdAt';
  const direction = query.sort?.direction === 'asc' ? 'ASC' : 'DESC';
  const expression = SORT_SQL[column] ?? SORT_SQL.createdAt;
  // Empty values (a running run's metrics) go last whichever way the column is sorted; id breaks ties stably.
  // Columns that are never empty skip that term, so their index can serve the order.
  const nullsLast = NEVER_NULL.has(column) ? '' : `(${expression.replace(' COLLATE NOCASE', '')} IS NULL), `;
  const orderBy = `${nullsLast}${expression} ${direction}, id ${direction}`;
  const limit = Math.min(Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, orderBy, limit, offset };
}

/** Runs one page: the rows and the total, in one read transaction so both see the same log. */
export function selectRunsPage<Row extends { id: number }>(db: Database.Database, query: RunsQuery): { rows: Row[]; total: number; datasets: string[]; tags: string[] } {
  const built = buildRunsQuery(query);
  return db.transaction(() => {
    // Sort ids only, then read the page's rows: the sorter never carries the JSON documents of 10,000 runs.
    const ids = db
      .prepare(`SELECT id FROM runs ${built.where} ORDER BY ${built.orderBy} LIMIT @limit OFFSET @offset`)
      .pluck()
      .all({ ...built.params, limit: built.limit, offset: built.offset }) as number[];
    const pageRows = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as Row[];
    const byId = new Map(pageRows.map((row) => [row.id, row]));
    const rows = ids.map((id) => byId.get(id)!);
    const total = (db.prepare(`SELECT COUNT(*) AS n FROM runs ${built.where}`).get(built.params) as { n: number }).n;
    const datasets = db.prepare(`SELECT DISTINCT dataset_name FROM runs WHERE dataset_name IS NOT NULL ORDER BY 1`).pluck().all() as string[];
    const tags = db.prepare(`SELECT DISTINCT tag FROM run_tags ORDER BY 1`).pluck().all() as string[];
    return { rows, total, datasets, tags };
  })();
}
