// Runs in: plain Node. `npm run bench -- runs`: the experiment log at 10,000 runs of 50 epochs each. Fills a fresh
// log in a temp dir (one transaction per batch of runs), then times what the UI asks for: the runs table's first
// page sorted by date, the same with a text filter, everything the compare view needs for 10 runs, and the whole
// log as CSV.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CellType, ForecastConfig } from '../../shared/model/config';
import type { DatasetFingerprint } from '../../shared/model/run';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { compareRuns } from '../backend/runs/run-compare';
import type { AsyncRunLog } from '../backend/run-log/async-run-log';
import { openRunLog } from '../backend/run-log/open-run-log';
import { exportRunsCsv } from '../backend/runs/runs-csv';

export interface BenchRunsOptions {
  runs?: number;
  epochs?: number;
  /** Timed repetitions per measurement (after one warm-up); the median is reported. */
  repeat?: number;
  /** Keep the filled log at this path (for inspection) instead of a temp dir that is removed. */
  keepAt?: string;
}

const CELLS: CellType[] = ['SimpleRNN', 'GRU', 'LSTM'];
const DATASETS: DatasetFingerprint[] = ['weatherHistory.csv', 'airline-passengers.csv', 'energy.csv', 'sunspots.csv', 'traffic.csv'].map(
  (fileName, i) => ({ fileName, sizeBytes: 1e6 * (i + 1), sha256: String(i).repeat(64), rowsUsed: 96_000 / (i + 1) }),
);
/** Predictions points per compared run: about the test range of the whole Szeged file at 15 %. */
const PREDICTION_POINTS = 14_000;

export async function benchRuns(options: BenchRunsOptions = {}): Promise<Record<string, unknown>[]> {
  const runCount = options.runs ?? 10_000;
  const epochCount = options.epochs ?? 50;
  const repeat = options.repeat ?? 7;
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-bench-runs-'));
  const store = await openRunLog(options.keepAt ?? join(dir, 'runs.db'));
  try {
    const fillStarted = performance.now();
    // The ten compared runs share a dataset and split, so the compare view also loads their predictions; they are
    // written with them (a run is finalised once, so they cannot be added after).
    const comparedIndexes = Array.from({ length: runCount }, (_, i) => i).filter((i) => i % 5 === 0).slice(-10);
    const ids = await fill(store, runCount, epochCount, new Set(comparedIndexes));
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const compared = comparedIndexes.map((i) => ids[i]);

    const records: Record<string, unknown>[] = [{ bench: 'runs.fill', runs: runCount, epochs: epochCount, seconds: round(fillSeconds) }];
    const list = await median(repeat, async () =>
      JSON.stringify(await store.queryRuns({ sort: { column: 'createdAt', direction: 'desc' }, limit: 100 })),
    );
    records.push({ bench: 'runs.list', runs: runCount, ms: round(list.ms), rows: 100 });
    const filtered = await median(repeat, async () =>
      JSON.stringify(await store.queryRuns({ filter: { text: 'window 64' }, sort: { column: 'createdAt', direction: 'desc' }, limit: 100 })),
    );
    const total = (await store.queryRuns({ filter: { text: 'window 64' }, limit: 1 })).total;
    records.push({ bench: 'runs.filter', runs: runCount, ms: round(filtered.ms), matches: total });
    const compare = await median(repeat, async () => JSON.stringify(await compareRuns(store, compared)));
    const comparison = await compareRuns(store, compared);
    records.push({
      bench: 'runs.compare10',
      runs: runCount,
      ms: round(compare.ms),
      epochs: comparison.runs.reduce((sum, run) => sum + run.epochs.length, 0),
      predictionPoints: (comparison.predictions ?? []).reduce((sum, p) => sum + p.series.predicted.length, 0),
    });
    // The whole log as CSV, as "Export CSV" in the runs table writes it (every run, no paging).
    let csvBytes = 0;
    const csv = await median(repeat, async () => (csvBytes = (await exportRunsCsv(store, { filter: { archived: 'include' } })).length));
    records.push({ bench: 'runs.exportCsv', runs: runCount, ms: round(csv.ms), bytes: csvBytes });
    return records;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fill(store: AsyncRunLog, runCount: number, epochCount: number, withPredictions: Set<number>): Promise<number[]> {
  const ids: number[] = [];
  const BATCH = 500;
  for (let start = 0; start < runCount; start += BATCH) {
    await store.batch(async (log) => {
      for (let i = start; i < Math.min(runCount, start + BATCH); i++) {
        const dataset = DATASETS[i % 5 === 0 ? 0 : i % DATASETS.length];
        const config: ForecastConfig = {
          ...FORECAST_DEFAULTS,
          datasetId: dataset.sha256,
          target: 'value',
          features: ['value'],
          cell: CELLS[i % 3],
          window: [5, 24, 64][i % 7 % 3],
          hiddenUnits: [16, 32, 64][i % 11 % 3],
          layers: 1 + (i % 2),
          epochs: epochCount,
          seed: i,
        };
        const id = await log.createRun(config, dataset);
        await log.setBackend(id, 'wasm');
        for (let epoch = 1; epoch <= epochCount; epoch++) {
          const loss = 0.05 + 1 / (epoch + (i % 13));
          await log.addEpoch(id, { epoch, loss, valLoss: loss * (1.05 + ((i * epoch) % 7) / 100), seconds: 1.5 });
        }
        await log.finishRun(id, { ...resultFor(id), predictions: withPredictions.has(i) ? predictions(id) : null });
        if (i % 10 === 0) await log.updateRun(id, { tags: [`sweep-${i % 40}`], note: `window ${config.window}, tried after reading the course` });
        ids.push(id);
      }
    });
  }
  return ids;
}

function resultFor(id: number) {
  const mae = 0.4 + (id % 97) / 100;
  return {
    status: 'completed' as const,
    backend: 'wasm',
    trainSeconds: 75,
    trainSamplesPerSecond: 3000,
    metrics: { validation: { mae, rmse: mae * 1.3, mape: 8 }, test: { mae, rmse: mae * 1.3, mape: 8 } },
    baselines: { persistence: { mae: 1, rmse: 1.4, mape: 12 } },
  };
}

function predictions(id: number) {
  const times = Array.from({ length: PREDICTION_POINTS }, (_, i) => Date.UTC(2015, 0, 1, i));
  const truth = times.map((_, i) => 10 + Math.sin(i / 12) * 8);
  return { times, truth, predicted: truth.map((v, i) => v + Math.sin(i + id) * 0.5), persistence: [truth[0], ...truth.slice(0, -1)] };
}

async function median(repeat: number, work: () => Promise<unknown>): Promise<{ ms: number }> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] };
}

const round = (value: number) => Math.round(value * 100) / 100;
