// Runs in: vitest (Node). The runs table as CSV on a real log, SQLite and PostgreSQL: one line per matching run (past the store's page
// size), in the query's sort order, numbers unrounded, read back with the importer's CSV parser (uDSV).
import { inferSchema, initParser } from 'udsv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellType, ForecastConfig } from '../../shared/model/config';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import type { RunsQuery } from '../../shared/model/run-log';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import type { SweepSpec } from '../../shared/model/experiments';
import { LOG_TARGETS } from '../support/log-targets';
import { RUNS_CSV_HEADER, exportRunsCsv } from '../../main/backend/runs/runs-csv';

const SHA = 'd'.repeat(64);
const CELLS: CellType[] = ['SimpleRNN', 'GRU', 'LSTM'];
/** More than one page of the store (1000), so the export has to page. */
const RUNS = 1203;

describe.each(LOG_TARGETS)('exportRunsCsv on $name', (target) => {
  let store: AsyncRunLog;
  beforeAll(async () => {
    await target.setup();
    store = await openRunLog(await target.fresh());
    await store.batch(async (log) => {
      for (let i = 0; i < RUNS; i++) {
        const config: ForecastConfig = { ...FORECAST_DEFAULTS, datasetId: SHA, target: 'T', features: ['T'], cell: CELLS[i % 3], window: 2 + (i % 17) };
        const id = await log.createRun(config, { fileName: i % 2 ? 'odd.csv' : 'even.csv', sizeBytes: 1, sha256: SHA, rowsUsed: 50 });
        await log.addEpoch(id, { epoch: 1, loss: 1 / (i + 3), valLoss: 1 / (i + 7), seconds: 0.5 });
        if (i % 10 === 9) continue; // left running: its metrics are empty cells
        const mae = 0.1 + ((i * 7919) % 1000) / 3000;
        await log.finishRun(id, {
          status: 'completed', backend: 'cpu', trainSeconds: 1, trainSamplesPerSecond: 2,
          metrics: { test: { mae, rmse: mae * 1.5, mape: null } }, baselines: { persistence: { mae: 0.5, rmse: 0.7, mape: 3 } }, predictions: null,
        });
        if (i === 4) await log.updateRun(id, { tags: ['x', 'y, z'], note: 'line one\n"quoted"', starred: true, archived: true });
      }
    });
    const sweepId = await store.sweeps.create({ name: 's' } as SweepSpec, []);
    await store.setRunOrigin(8, { sweepId });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await target.teardown();
  });

  function parse(text: string): Record<string, string>[] {
    const rows = initParser(inferSchema(text)).stringArrs(text) as string[][];
    const header = text.slice(0, text.indexOf('\n')).split(',');
    expect(header).toEqual([...RUNS_CSV_HEADER]);
    return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
  }

  /** What the runs table shows for the same query, every page. */
  async function tableIds(query: RunsQuery): Promise<number[]> {
    const ids: number[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await store.queryRuns({ ...query, offset, limit: 1000 });
      ids.push(...page.runs.map((r) => r.id));
      if (ids.length >= page.total) return ids;
    }
  }

    it('has one line per run, all pages, in the table order', async () => {
      const query: RunsQuery = { filter: { archived: 'include' }, sort: { column: 'testMae', direction: 'asc' }, offset: 40, limit: 5 };
      const rows = parse(await exportRunsCsv(store, query));
      expect(rows).toHaveLength(RUNS);
      expect(rows.map((r) => Number(r.id))).toEqual(await tableIds({ filter: query.filter, sort: query.sort }));
      const maes = rows.map((r) => r.test_mae).filter((v) => v !== '').map(Number);
      expect(maes).toEqual([...maes].sort((a, b) => a - b));
      expect(rows.slice(-5).every((r) => r.status === 'running' && r.test_mae === '')).toBe(true);
    });

    it('respects the filter: archived hidden by default, cell and text filters', async () => {
      const byCell = parse(await exportRunsCsv(store, { filter: { cell: 'GRU', text: 'odd' }, sort: { column: 'window', direction: 'desc' } }));
      const expected = await tableIds({ filter: { cell: 'GRU', text: 'odd' }, sort: { column: 'window', direction: 'desc' } });
      expect(byCell.map((r) => Number(r.id))).toEqual(expected);
      expect(expected.length).toBeGreaterThan(100);
      expect(byCell.every((r) => r.cell === 'GRU' && r.dataset === 'odd.csv')).toBe(true);
      expect(parse(await exportRunsCsv(store, {}))).toHaveLength(RUNS - 1);
      expect(parse(await exportRunsCsv(store, { filter: { archived: 'only' } })).map((r) => r.id)).toEqual(['5']);
    });

    it('writes the table columns unrounded, quoting tags and notes', async () => {
      const [row] = parse(await exportRunsCsv(store, { filter: { archived: 'only' } }));
      const run = await store.getSummary(5);
      const mae = 0.1 + ((4 * 7919) % 1000) / 3000;
      expect(row).toMatchObject({
        task: 'forecast', cell: 'GRU', layers: '1', hidden: '32', window: '6', horizon: '1', epochs_run: '1', status: 'completed',
        best_val_loss: String(1 / 11), last_val_loss: String(1 / 11), test_mae: String(mae), test_rmse: String(mae * 1.5), test_accuracy: '',
        skill: String(1 - mae / 0.5), backend: 'cpu', tags: 'x; y, z', note: 'line one\n"quoted"', starred: 'true', archived: 'true', sweep_id: '',
        created: run.createdAt, dataset: 'even.csv',
      });
      expect(Number(row.duration_s)).toBeCloseTo((Date.parse(run.finishedAt!) - Date.parse(run.createdAt)) / 1000, 9);
      const swept = parse(await exportRunsCsv(store, { filter: { text: '#8' } }));
      expect(swept.map((r) => [r.id, r.sweep_id])).toEqual([['8', '1']]);
    });
});
