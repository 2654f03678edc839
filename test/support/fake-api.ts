// Runs in: vitest (jsdom). A SeqlabApi fake typed from the API table (fake-methods.ts): every method is a spy that
// answers with realistic objects, and the test pushes events itself.
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { vi } from 'vitest';
import { fakeRunLog } from './fake-run-log';
import { fakeExtras } from './fake-extras';
import { makeTextRun } from './fake-text';
import type { FakeMethods } from './fake-methods';
import type { SeqlabApi, SeqlabEvent } from '../../shared/api/seqlab-api';
import type { ForecastConfig } from '../../shared/model/config';
import type { DatasetSummary } from '../../shared/model/dataset';
import type { EpochMetrics } from '../../shared/model/metrics';
import type { BackendInfo, ForecastRunDetail, RunDetail, RunStatus } from '../../shared/model/run';

/** jsdom has no 2D canvas and logs "not implemented" for getContext; answer null as a browser without one would. */
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;

export const SZEGED: DatasetSummary = {
  id: 'a3f1c2d4e5b6a7980123456789abcdef0123456789abcdef0123456789abcdef',
  fileName: 'szeged-3000.csv',
  sizeBytes: 402_117,
  sha256: 'a3f1c2d4e5b6a7980123456789abcdef0123456789abcdef0123456789abcdef',
  rowsRead: 3000,
  rowsUsed: 2976,
  columns: [
    { name: 'Formatted Date', type: 'datetime', missing: 0, distinct: 2976 },
    { name: 'Summary', type: 'category', missing: 0, distinct: 12 },
    { name: 'Precip Type', type: 'category', missing: 4, distinct: 2 },
    { name: 'Humidity', type: 'number', missing: 0, distinct: 71, min: 0.27, max: 1, mean: 0.74 },
    { name: 'Temperature (C)', type: 'number', missing: 0, distinct: 2801, min: -9.4, max: 33.2, mean: 12.5 },
    { name: 'Apparent Temperature (C)', type: 'number', missing: 0, distinct: 2850, min: -15.1, max: 32.9, mean: 11.3 },
    { name: 'Pressure (millibars)', type: 'number', missing: 0, distinct: 1011, min: 0, max: 1040.2, mean: 1002.9 },
  ],
  timeColumn: 'Formatted Date',
  frequency: 'hourly',
  previewRows: [
    ['2006-04-01 00:00', 'Partly Cloudy', 'rain', '0.89', '9.472', '7.389', '1015.13'],
    ['2006-04-01 01:00', 'Partly Cloudy', 'rain', '0.86', '9.356', '7.228', '1015.63'],
  ],
  findings: [
    { code: 'duplicate-rows', level: 'warning', message: '24 duplicate rows dropped' },
    { code: 'zero-sentinel', level: 'warning', message: 'Pressure (millibars) is 0 in 13 rows (likely missing)', column: 'Pressure (millibars)' },
    { code: 'sorted', level: 'info', message: 'Rows sorted by Formatted Date' },
  ],
  parseSeconds: 0.04,
};

export const BACKENDS: BackendInfo = {
  auto: 'wasm',
  available: ['wasm', 'cpu'],
  notes: ['tfjs-node is not installed: the native TensorFlow backend is unavailable'],
};

export function epochsFor(count: number): EpochMetrics[] {
  return Array.from({ length: count }, (_, i) => ({
    epoch: i + 1,
    loss: 0.08 / (i + 1),
    valLoss: 0.09 / (i + 1),
    seconds: 1.2,
  }));
}

export function makeRun(id: number, config: ForecastConfig, status: RunStatus = 'completed'): ForecastRunDetail {
  const done = status !== 'running';
  const times = Array.from({ length: 40 }, (_, i) => Date.UTC(2006, 4, 1, i));
  const truth = times.map((_, i) => 10 + Math.sin(i / 4) * 5);
  return {
    id,
    createdAt: new Date(Date.UTC(2025, 10, 20, 9, id)).toISOString(),
    finishedAt: done ? new Date(Date.UTC(2025, 10, 20, 9, id + 1)).toISOString() : null,
    status,
    error: status === 'failed' ? 'Loss became NaN at epoch 2' : null,
    config,
    dataset: { fileName: SZEGED.fileName, sizeBytes: SZEGED.sizeBytes, sha256: SZEGED.sha256, rowsUsed: SZEGED.rowsUsed },
    backend: 'wasm',
    // A failed or stopped run got two epochs in.
    epochsRun: status === 'completed' ? config.epochs : done ? Math.min(2, config.epochs) : 0,
    trainSeconds: done ? 12.5 : null,
    trainSamplesPerSecond: done ? 3340 : null,
    metrics: status === 'completed' ? { validation: { mae: 0.61, rmse: 0.83, mape: 9.1 }, test: { mae: 0.5, rmse: 0.7, mape: 8 } } : null,
    baselines: status === 'completed' ? { persistence: { mae: 1, rmse: 1.4, mape: 12 } } : null,
    epochs: status === 'completed' ? epochsFor(config.epochs) : done ? epochsFor(Math.min(2, config.epochs)) : [],
    predictions:
      status === 'completed'
        ? { times, truth, predicted: truth.map((v) => v + 0.3), persistence: [truth[0], ...truth.slice(0, -1)] }
        : null,
  };
}

export function configFor(overrides: Partial<ForecastConfig> = {}): ForecastConfig {
  return {
    ...FORECAST_DEFAULTS,
    datasetId: SZEGED.id,
    target: 'Temperature (C)',
    features: ['Temperature (C)'],
    ...overrides,
  };
}

export function createFakeApi(initialRuns: RunDetail[] = []) {
  const listeners = new Set<(event: SeqlabEvent) => void>();
  const runs = new Map<number, RunDetail>(initialRuns.map((run) => [run.id, run]));
  let nextRunId = Math.max(0, ...runs.keys()) + 1;
  const summary = ({ epochs: _epochs, predictions: _predictions, ...rest }: RunDetail) => rest;

  const api: FakeMethods = {
    importFile: vi.fn<SeqlabApi['importFile']>(async (file) => ({ ...SZEGED, fileName: file.name, sizeBytes: file.size })),
    importSample: vi.fn<SeqlabApi['importSample']>(async (name) => ({ ...SZEGED, fileName: `${name}.csv` })),
    listSamples: vi.fn<SeqlabApi['listSamples']>(async () => [
      { name: 'szeged-weather', description: 'Hourly weather in Szeged, 2006 (8,760 rows)' },
      { name: 'airline-passengers', description: 'Monthly airline passengers, 1949-1960' },
    ]),
    getBackendInfo: vi.fn<SeqlabApi['getBackendInfo']>(async () => BACKENDS),
    startTraining: vi.fn<SeqlabApi['startTraining']>(async (config) => {
      const runId = nextRunId++;
      runs.set(runId, config.task === 'text' ? makeTextRun(runId, config, 'running') : makeRun(runId, config, 'running'));
      return { runId };
    }),
    stopTraining: vi.fn<SeqlabApi['stopTraining']>(async () => {}),
    // Oldest first on purpose: the UI must order the list itself.
    listRuns: vi.fn<SeqlabApi['listRuns']>(async () => [...runs.values()].sort((a, b) => a.id - b.id).map(summary)),
    getRun: vi.fn<SeqlabApi['getRun']>(async (runId) => {
      const run = runs.get(runId);
      if (!run) throw new Error(`Run ${runId} does not exist: refresh the run list.`);
      return run;
    }),
    onEvent: vi.fn<SeqlabApi['onEvent']>((listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
    ...fakeRunLog(runs),
    ...fakeExtras(),
  };

  return {
    api,
    runs,
    emit(event: SeqlabEvent): void {
      for (const listener of listeners) listener(event);
    },
    /** Stores the run's final state the way main would, then announces it. */
    finish(runId: number, status: Exclude<RunStatus, 'running'>, error: string | null = null): void {
      const run = runs.get(runId);
      if (!run) throw new Error(`no run ${runId}`);
      const stored = run.config.task === 'text' ? makeTextRun(runId, run.config, status) : makeRun(runId, run.config, status);
      runs.set(runId, { ...stored, error });
      for (const listener of listeners) listener({ type: 'run-finished', runId, status, error });
    },
    listenerCount: () => listeners.size,
  };
}

export type FakeApi = ReturnType<typeof createFakeApi>;
