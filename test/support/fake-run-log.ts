// Runs in: vitest (jsdom). The experiment-log methods of the fake API (query, edit, delete, compare) over the fake's
// in-memory runs, following the same contract as main's run store (shared/run-log.ts).
import { vi } from 'vitest';
import type { SeqlabApi } from '../../shared/api/seqlab-api';
import type { RunDetail, RunSummary } from '../../shared/model/run';
import { diffSettings, normaliseTags, type RunSortColumn } from '../../shared/model/run-log';

const sortValue: Record<RunSortColumn, (run: RunSummary) => string | number | null | undefined> = {
  id: (r) => r.id,
  createdAt: (r) => r.createdAt,
  dataset: (r) => r.dataset.fileName.toLowerCase(),
  task: (r) => r.config.task,
  cell: (r) => r.config.cell,
  layers: (r) => r.config.layers,
  hiddenUnits: (r) => r.config.hiddenUnits,
  window: (r) => ('window' in r.config ? r.config.window : null),
  horizon: (r) => ('horizon' in r.config ? r.config.horizon : null),
  epochsRun: (r) => r.epochsRun,
  status: (r) => r.status,
  bestValLoss: (r) => r.bestValLoss,
  lastValLoss: (r) => r.lastValLoss,
  testMae: (r) => (r.metrics?.test && 'mae' in r.metrics.test ? r.metrics.test.mae : null),
  testRmse: (r) => (r.metrics?.test && 'rmse' in r.metrics.test ? r.metrics.test.rmse : null),
  testAccuracy: (r) => (r.metrics?.test && 'accuracy' in r.metrics.test ? r.metrics.test.accuracy : null),
  skill: () => null,
  duration: (r) => (r.finishedAt ? Date.parse(r.finishedAt) - Date.parse(r.createdAt) : null),
  backend: (r) => r.backend,
  starred: (r) => (r.starred ? 1 : 0),
};

/** Fills the experiment-log fields the way the run store does. */
export function withLogFields(run: RunDetail): RunDetail {
  const losses = run.epochs.map((e) => e.valLoss).filter((v): v is number => v !== null);
  return {
    tags: [],
    note: '',
    starred: false,
    archived: false,
    bestValLoss: losses.length ? Math.min(...losses) : null,
    lastValLoss: run.epochs.at(-1)?.valLoss ?? null,
    ...run,
  };
}

export function fakeRunLog(runs: Map<number, RunDetail>) {
  const summary = ({ epochs: _epochs, predictions: _predictions, ...rest }: RunDetail) => rest as RunSummary;
  const find = (runId: number) => {
    const run = runs.get(runId);
    if (!run) throw new Error(`Run ${runId} is not in the run log.`);
    return withLogFields(run);
  };
  return {
    queryRuns: vi.fn<SeqlabApi['queryRuns']>(async (query) => {
      const filter = query.filter ?? {};
      const text = filter.text?.trim().toLowerCase();
      const archived = filter.archived ?? 'hide';
      let list = [...runs.values()].map(withLogFields).filter((run) => {
        if (archived === 'hide' && run.archived) return false;
        if (archived === 'only' && !run.archived) return false;
        if (filter.dataset && run.dataset.fileName !== filter.dataset) return false;
        if (filter.cell && run.config.cell !== filter.cell) return false;
        if (filter.status && run.status !== filter.status) return false;
        if (filter.tag && !run.tags?.includes(filter.tag)) return false;
        if (filter.starred !== undefined && !!run.starred !== filter.starred) return false;
        if (text) {
          const haystack = [run.dataset.fileName, run.config.cell, run.config.task, run.status, run.backend, run.note, ...(run.tags ?? [])];
          if (!haystack.some((field) => field?.toLowerCase().includes(text)) && `${run.id}` !== text.replace('#', '')) return false;
        }
        return true;
      });
      const column = query.sort?.column ?? 'createdAt';
      const sign = query.sort?.direction === 'asc' ? 1 : -1;
      list = list.sort((a, b) => {
        const [x, y] = [sortValue[column](a), sortValue[column](b)];
        if (x == null || y == null) return x == null && y == null ? sign * (a.id - b.id) : x == null ? 1 : -1;
        return x < y ? -sign : x > y ? sign : sign * (a.id - b.id);
      });
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 100;
      const all = [...runs.values()].map(withLogFields);
      return {
        runs: list.slice(offset, offset + limit).map(summary),
        total: list.length,
        datasets: [...new Set(all.map((run) => run.dataset.fileName))].sort(),
        tags: [...new Set(all.flatMap((run) => run.tags ?? []))].sort(),
      };
    }),
    updateRun: vi.fn<SeqlabApi['updateRun']>(async (runId, patch) => {
      const run = find(runId);
      const next = { ...run, ...patch, ...(patch.tags ? { tags: normaliseTags(patch.tags) } : {}) } as RunDetail;
      runs.set(runId, next);
      return summary(next);
    }),
    deleteRun: vi.fn<SeqlabApi['deleteRun']>(async (runId) => {
      const run = find(runId);
      if (run.status === 'running') throw new Error(`Run ${runId} is still training: stop it first, then delete it.`);
      runs.delete(runId);
    }),
    compareRuns: vi.fn<SeqlabApi['compareRuns']>(async (runIds) => {
      const picked = runIds.map(find);
      const { all, differing } = diffSettings(picked.map((run) => run.config));
      const comparable = picked.every((run) => run.predictions && run.dataset.sha256 === picked[0].dataset.sha256);
      return {
        runs: picked.map((run) => ({ run: summary(run), epochs: run.epochs })),
        differingSettings: differing,
        allSettings: all,
        predictions: comparable ? picked.map((run) => ({ runId: run.id, series: run.predictions! })) : null,
        predictionsNote: comparable ? null : 'Some runs have no stored predictions.',
      };
    }),
  };
}
