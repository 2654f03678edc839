// Runs in: main process and workers (plain Node). The runs table's query for SQLite and PostgreSQL: filter, sort and
// page in SQL over the indexed and generated columns of `runs`, so a page of 10,000 runs costs one indexed scan and
// never reads prediction blobs.
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { RunSortColumn, RunsQuery } from '../../../../shared/model/run-log';
import type { LogDialect } from './log-dialect';
import type { LogTables, RunsTable } from './log-schema';

/** A page of the runs table when the query names no limit, and the most one query returns (the CSV export pages). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** The columns a summary is built from: not the generated ones, which would each cost a JSON parse per row. */
export const SUMMARY_COLUMNS = [
  'id', 'created_at', 'finished_at', 'status', 'error', 'config', 'dataset', 'backend', 'epochs_run', 'train_seconds',
  'train_samples_per_second', 'metrics', 'baselines', 'tags', 'note', 'starred', 'archived', 'best_val_loss',
  'last_val_loss', 'sweep_id', 'provenance', 'rerun_of', 'reproduction', 'has_model', 'parent_run_id',
] as const satisfies readonly (keyof RunsTable)[];

export type SummaryRow = Pick<Selectable<RunsTable>, (typeof SUMMARY_COLUMNS)[number]>;

/** Sort keys -> SQL over `runs`; `plain` is the same without a collation, for the IS NULL term. */
function sortExpression(d: LogDialect, column: RunSortColumn): { order: RawBuilder<unknown>; plain: RawBuilder<unknown> } {
  const ref = (name: string) => ({ order: sql.ref(name), plain: sql.ref(name) });
  switch (column) {
    case 'dataset':
      return { order: d.noCase('dataset_name'), plain: sql.ref('dataset_name') };
    case 'duration':
      return { order: d.durationSeconds, plain: d.durationSeconds };
    default: {
      const columns: Record<Exclude<RunSortColumn, 'dataset' | 'duration'>, string> = {
        id: 'id', createdAt: 'created_at', task: 'task', cell: 'cell', layers: 'layers', hiddenUnits: 'hidden_units',
        window: 'window_size', horizon: 'horizon', epochsRun: 'epochs_run', status: 'status', bestValLoss: 'best_val_loss',
        lastValLoss: 'last_val_loss', testMae: 'test_mae', testRmse: 'test_rmse', testAccuracy: 'test_accuracy',
        skill: 'skill', backend: 'backend', starred: 'starred',
      };
      return ref(columns[column] ?? 'created_at');
    }
  }
}

const NEVER_NULL = new Set<RunSortColumn>(['id', 'createdAt', 'epochsRun', 'status', 'starred']);

function whereClause(query: RunsQuery): RawBuilder<unknown> {
  const filter = query.filter ?? {};
  const clauses: RawBuilder<unknown>[] = [];
  const archived = filter.archived ?? 'hide';
  if (archived === 'hide') clauses.push(sql`archived = 0`);
  if (archived === 'only') clauses.push(sql`archived = 1`);
  if (filter.dataset) clauses.push(sql`dataset_name = ${filter.dataset}`);
  if (filter.cell) clauses.push(sql`cell = ${filter.cell}`);
  if (filter.status) clauses.push(sql`status = ${filter.status}`);
  if (filter.starred !== undefined) clauses.push(filter.starred ? sql`starred = 1` : sql`starred = 0`);
  if (filter.tag) clauses.push(sql`id IN (SELECT run_id FROM run_tags WHERE tag = ${filter.tag})`);
  const text = filter.text?.trim();
  if (text) {
    // `search` is the lower-cased dataset, task, cell, backend, note and tags; the escape keeps % and _ literal.
    const like = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const parts = [sql`search LIKE ${like} ESCAPE '\\'`, sql`status LIKE ${like} ESCAPE '\\'`];
    const id = /^#?(\d+)$/.exec(text);
    if (id) parts.push(sql`id = ${Number(id[1])}`);
    clauses.push(sql`(${sql.join(parts, sql` OR `)})`);
  }
  return clauses.length ? sql`WHERE ${sql.join(clauses, sql` AND `)}` : sql``;
}

function orderClause(d: LogDialect, query: RunsQuery): RawBuilder<unknown> {
  const column = query.sort?.column ?? 'createdAt';
  const direction = query.sort?.direction === 'asc' ? sql`ASC` : sql`DESC`;
  const { order, plain } = sortExpression(d, column);
  // Empty values (a running run's metrics) go last whichever way the column is sorted; id breaks ties stably.
  // Columns that are never empty skip that term, so their index can serve the order.
  const nullsLast = NEVER_NULL.has(column) ? sql`` : sql`(${plain} IS NULL), `;
  return sql`ORDER BY ${nullsLast}${order} ${direction}, id ${direction}`;
}

/** One page: the rows, the total and the filter menus' choices. Run it in a read transaction so all see one log. */
export async function selectRunsPage(db: Kysely<LogTables>, d: LogDialect, query: RunsQuery = {}) {
  const where = whereClause(query);
  const limit = Math.min(Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  // Sort ids only, then read the page's rows: the sorter never carries the JSON documents of 10,000 runs.
  const ids = (await sql<{ id: number }>`SELECT id FROM runs ${where} ${orderClause(d, query)} LIMIT ${limit} OFFSET ${offset}`.execute(db))
    .rows.map((row) => row.id);
  const pageRows = ids.length ? await db.selectFrom('runs').select(SUMMARY_COLUMNS).where('id', 'in', ids).execute() : [];
  const byId = new Map(pageRows.map((row) => [row.id, row]));
  const rows = ids.map((id) => byId.get(id)!);
  const total = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM runs ${where}`.execute(db)).rows[0].n);
  const datasets = (await sql<{ name: string }>`SELECT DISTINCT dataset_name AS name FROM runs WHERE dataset_name IS NOT NULL ORDER BY 1`.execute(db))
    .rows.map((row) => row.name);
  const tags = (await sql<{ tag: string }>`SELECT DISTINCT tag FROM run_tags ORDER BY 1`.execute(db)).rows.map((row) => row.tag);
  return { rows, total, datasets, tags };
}
