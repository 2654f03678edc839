// Runs in: main process (plain Node). The runs table as CSV: every run the query matches, in its sort order, with
// the table's columns and numbers as stored (a spreadsheet rounds for display; the file should not).
import { isForecastRun, type ForecastRunSummary, type RunSummary, type TextRunSummary } from '../../../shared/model/run';
import { toCsv, type CsvCell } from '../../../shared/util/csv-write';
import type { RunsQuery } from '../../../shared/model/run-log';
import type { AsyncRunLog } from '../run-log/async-run-log';

export const RUNS_CSV_HEADER = [
  'id',
  'created',
  'dataset',
  'task',
  'cell',
  'layers',
  'hidden',
  'window',
  'horizon',
  'epochs_run',
  'status',
  'best_val_loss',
  'last_val_loss',
  'test_mae',
  'test_rmse',
  'test_accuracy',
  'skill',
  'duration_s',
  'backend',
  'tags',
  'note',
  'starred',
  'archived',
  'sweep_id',
] as const;

/** The biggest page the store serves; the export reads the log in pages of this size. */
const PAGE = 1000;

export async function exportRunsCsv(store: AsyncRunLog, query: RunsQuery): Promise<string> {
  const { filter, sort } = query;
  // One read transaction: a run finishing between two pages must not shift rows into or out of the export.
  const runs = await store.readTransaction(async (log) => {
    const all: RunSummary[] = [];
    for (let offset = 0; ; ) {
      const page = await log.queryRuns({ filter, sort, offset, limit: PAGE });
      all.push(...page.runs);
      offset += page.runs.length;
      if (page.runs.length === 0 || offset >= page.total) return all;
    }
  });
  return toCsv(RUNS_CSV_HEADER, runs.map(runsCsvRow));
}

export function runsCsvRow(run: RunSummary): CsvCell[] {
  const config = run.config;
  const forecast = isForecastRun(run) ? run : null;
  const text = forecast ? null : (run as TextRunSummary);
  return [
    run.id,
    run.createdAt,
    run.dataset.fileName,
    config.task,
    config.cell,
    config.layers,
    config.hiddenUnits,
    forecast?.config.window,
    forecast?.config.horizon,
    run.epochsRun,
    run.status,
    run.bestValLoss,
    run.lastValLoss,
    forecast?.metrics?.test?.mae,
    forecast?.metrics?.test?.rmse,
    text?.metrics?.test?.accuracy,
    forecast ? skillOf(forecast) : null,
    durationSeconds(run),
    run.backend,
    (run.tags ?? []).join('; '),
    run.note ?? '',
    run.starred ?? false,
    run.archived ?? false,
    run.sweepId,
  ];
}

/** Same rule as the log's `skill` column: the recorded skill, else against persistence for older runs. */
function skillOf(run: ForecastRunSummary): number | null {
  if (run.metrics?.skill) return run.metrics.skill.value;
  const mae = run.metrics?.test?.mae;
  const persistence = run.baselines?.persistence?.mae;
  return mae !== undefined && persistence ? 1 - mae / persistence : null;
}

function durationSeconds(run: RunSummary): number | null {
  if (!run.finishedAt) return null;
  return (Date.parse(run.finishedAt) - Date.parse(run.createdAt)) / 1000;
}
