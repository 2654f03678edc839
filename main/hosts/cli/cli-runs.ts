// Runs in: plain Node. `seqlab runs` (filter, sort, limit) and `seqlab compare ID ID ...`: the experiment log
// from a terminal, with `--json` for scripts.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CELL_TYPES, type CellType } from '../../../shared/model/config';
import { isForecastRun, type RunStatus, type RunSummary } from '../../../shared/model/run';
import { UserError } from '../../../shared/util/errors';
import { RUN_SORT_COLUMNS, flattenSettings, type RunComparison, type RunSortColumn, type RunsQuery } from '../../../shared/model/run-log';
import { createService } from '../../backend/create-service';
import { dataDirFor } from '../../backend/paths';

export const RUNS_USAGE = `  seqlab runs [--filter TEXT] [--status S] [--cell C] [--dataset FILE] [--tag T] [--archived hide|only|include]
              [--sort COL[:asc|desc]] [--limit N] [--db PATH | --db postgres://...] [--json | --csv]
  seqlab compare ID ID ... [--db PATH | --db postgres://...] [--json]`;

const STATUSES: RunStatus[] = ['queued', 'running', 'completed', 'stopped', 'failed', 'interrupted'];
/** Lower is better for these, so they sort ascending unless told otherwise. */
const ASCENDING_FIRST = new Set<RunSortColumn>(['bestValLoss', 'lastValLoss', 'testMae', 'testRmse', 'dataset', 'cell', 'status', 'backend']);

function parse(args: string[], options: ParseArgsConfig['options'], positionals = false) {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nUsage:\n${RUNS_USAGE}`);
  }
}

function openLog(db: string | undefined) {
  return createService({ dbPath: db, dataDir: dataDirFor(db) });
}

export function runsQueryFromArgs(values: Record<string, string | boolean | undefined>): RunsQuery {
  const query: RunsQuery = { filter: {} };
  const filter = query.filter!;
  if (typeof values.filter === 'string') filter.text = values.filter;
  if (typeof values.dataset === 'string') filter.dataset = values.dataset;
  if (typeof values.tag === 'string') filter.tag = values.tag;
  if (typeof values.status === 'string') {
    if (!STATUSES.includes(values.status as RunStatus)) throw new UserError(`--status must be one of ${STATUSES.join(', ')}; got "${values.status}".`);
    filter.status = values.status as RunStatus;
  }
  if (typeof values.cell === 'string') {
    const cell = CELL_TYPES.find((c) => c.toLowerCase() === String(values.cell).toLowerCase() || (c === 'SimpleRNN' && values.cell === 'rnn'));
    if (!cell) throw new UserError(`--cell must be rnn, gru or lstm; got "${values.cell}".`);
    filter.cell = cell as CellType;
  }
  if (typeof values.archived === 'string') {
    if (!['hide', 'only', 'include'].includes(values.archived)) throw new UserError(`--archived must be hide, only or include; got "${values.archived}".`);
    filter.archived = values.archived as 'hide' | 'only' | 'include';
  } else {
    // The CLI lists everything unless asked; the app's table hides archived runs.
    filter.archived = 'include';
  }
  if (typeof values.sort === 'string') {
    const [column, direction] = values.sort.split(':');
    if (!RUN_SORT_COLUMNS.includes(column as RunSortColumn)) {
      throw new UserError(`--sort must be one of ${RUN_SORT_COLUMNS.join(', ')} (optionally :asc or :desc); got "${values.sort}".`);
    }
    if (direction !== undefined && direction !== 'asc' && direction !== 'desc') throw new UserError(`--sort direction must be asc or desc; got "${direction}".`);
    query.sort = { column: column as RunSortColumn, direction: (direction as 'asc' | 'desc' | undefined) ?? (ASCENDING_FIRST.has(column as RunSortColumn) ? 'asc' : 'desc') };
  }
  if (values.limit !== undefined) {
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UserError(`--limit must be a whole number above 0; got "${values.limit}".`);
    query.limit = limit;
  }
  return query;
}

export async function runsCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    db: { type: 'string' },
    json: { type: 'boolean' },
    filter: { type: 'string' },
    status: { type: 'string' },
    cell: { type: 'string' },
    dataset: { type: 'string' },
    tag: { type: 'string' },
    archived: { type: 'string' },
    sort: { type: 'string' },
    limit: { type: 'string' },
    csv: { type: 'boolean' },
  });
  const query = runsQueryFromArgs(values);
  if (values.csv && values.json) throw new UserError('Choose --csv or --json, not both.');
  if (values.csv && query.limit !== undefined) throw new UserError('--csv writes every matching run (the runs table\'s CSV export): leave --limit out.');
  const { service, store } = await openLog(values.db as string | undefined);
  try {
    if (values.csv) {
      const csv = await service.exportRunsCsv(query);
      // Wait for the write: the CLI exits right after, and a pipe may not have taken a large CSV yet.
      await new Promise<void>((done) => process.stdout.write(csv, () => done()));
      return 0;
    }
    // Without --limit, every matching run, a page at a time.
    const wanted = query.limit ?? Infinity;
    const list: RunSummary[] = [];
    for (let offset = 0; list.length < wanted; ) {
      const page = await service.queryRuns({ ...query, offset, limit: Math.min(1000, wanted - list.length) });
      list.push(...page.runs);
      offset += page.runs.length;
      if (page.runs.length === 0 || offset >= page.total) break;
    }
    printRuns(list, values.json === true);
    return 0;
  } finally {
    await service.shutdown();
    await store.close();
  }
}

function printRuns(list: RunSummary[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify(list));
    return;
  }
  for (const run of list) {
    const score = isForecastRun(run) ? `MAE ${run.metrics?.test?.mae.toFixed(4) ?? '-'}` : `accuracy ${run.metrics?.test?.accuracy.toFixed(4) ?? '-'}`;
    const marks = `${run.starred ? '*' : ''}${run.archived ? ' (archived)' : ''}${run.tags?.length ? ` [${run.tags.join(', ')}]` : ''}`;
    console.log(`${run.id}\t${run.createdAt}\t${run.status}\t${run.config.cell}x${run.config.layers}\t${run.dataset.fileName}\t${score}${marks}`);
  }
}

export async function compareCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { db: { type: 'string' }, json: { type: 'boolean' } }, true);
  const ids = positionals.map((raw) => {
    const id = Number(raw.replace(/^#/, ''));
    if (!Number.isInteger(id) || id < 1) throw new UserError(`"${raw}" is not a run id: pass run numbers, e.g. seqlab compare 3 7.`);
    return id;
  });
  const { service, store } = await openLog(values.db as string | undefined);
  try {
    const comparison = await service.compareRuns(ids);
    if (values.json) console.log(JSON.stringify(comparison));
    else for (const line of comparisonText(comparison)) console.log(line);
    return 0;
  } finally {
    await service.shutdown();
    await store.close();
  }
}

/** A plain-text comparison: settings that differ, then the scores side by side. */
export function comparisonText(comparison: RunComparison): string[] {
  const runs = comparison.runs.map(({ run }) => run);
  const header = ['', ...runs.map((run) => `run ${run.id}`)];
  const rows: string[][] = [header];
  const settings = runs.map((run) => flattenSettings(run.config));
  for (const key of comparison.differingSettings) rows.push([key, ...settings.map((s) => (s.has(key) ? JSON.stringify(s.get(key)) : '-'))]);
  if (comparison.differingSettings.length === 0) rows.push(['(all settings equal)', ...runs.map(() => '')]);
  rows.push(['status', ...runs.map((run) => run.status)]);
  rows.push(['epochs', ...runs.map((run) => String(run.epochsRun))]);
  rows.push(['best val loss', ...runs.map((run) => run.bestValLoss?.toPrecision(4) ?? '-')]);
  rows.push(['last val loss', ...runs.map((run) => run.lastValLoss?.toPrecision(4) ?? '-')]);
  rows.push(['test MAE', ...runs.map((run) => (isForecastRun(run) ? (run.metrics?.test?.mae.toFixed(4) ?? '-') : '-'))]);
  rows.push(['test RMSE', ...runs.map((run) => (isForecastRun(run) ? (run.metrics?.test?.rmse.toFixed(4) ?? '-') : '-'))]);
  rows.push(['persistence MAE', ...runs.map((run) => (isForecastRun(run) ? (run.baselines?.persistence?.mae.toFixed(4) ?? '-') : '-'))]);
  const widths = header.map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const lines = rows.map((row) => row.map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd());
  lines.push(comparison.predictions ? 'predictions: comparable (same data and test rows)' : `predictions: ${comparison.predictionsNote}`);
  return lines;
}
