// Runs in: main process (plain Node). "Suggest a setup": successive halving over window, cell, hidden units, layers,
// learning rate and target transform, within a time budget, judged on the validation split only; logged as a sweep
// of ordinary runs. Starts from the data with its probable missing-value markers marked.
import type { ForecastConfig } from '../../../shared/model/config';
import type { SentinelMark } from '../../../shared/model/forecast-data';
import type { DatasetSummary } from '../../../shared/model/dataset';
import type { ForecastMetrics } from '../../../shared/model/metrics';
import { isForecastRun, type RunStatus, type RunSummary } from '../../../shared/model/run';
import { UserError } from '../../../shared/util/errors';
import { checkConfigAgainstData } from '../datasets/check-against-data';
import type { AsyncRunLog } from '../run-log/async-run-log';
import { runProvenance } from '../training/provenance';
import type { TrainingManager } from '../training/training-manager';
import {
  RUNG_SHARES,
  affordableEpochs,
  candidateCount,
  candidateTransforms,
  candidateWindows,
  drawCandidates,
  firstRungStride,
  type Candidate,
} from './suggest-plan';
import { suggestVerdict } from './suggest-verdict';

export interface SuggestDeps {
  store: AsyncRunLog;
  training: Pick<TrainingManager, 'start' | 'waitFor' | 'stop'>;
}

/** The imported file the runs read. */
export interface SuggestDataset {
  path: string;
  summary: DatasetSummary;
}

export interface SuggestOptions {
  budgetMinutes: number;
  seed: number;
  /** Runs training at once. */
  concurrency: number;
  onRun?(event: { runId: number; rung: number; candidate: Candidate; epochs: number; status?: RunStatus; validationMae?: number | null }): void;
  shouldStop?(): boolean;
}

export interface TriedRun {
  runId: number;
  rung: number;
  epochs: number;
  stride: number;
  settings: Candidate;
  status: RunStatus;
  validationMae: number | null;
  testMae: number | null;
}

export interface SuggestResult {
  sweepId: number;
  best: { runId: number; config: ForecastConfig; metrics: { validation: ForecastMetrics; test: ForecastMetrics } } | null;
  bestBaseline: { name: string; mae: number } | null;
  beatsBaseline: boolean;
  verdict: string;
  tried: TriedRun[];
  /** Probable missing-value markers of the columns used, marked before the search. */
  markedMissing: SentinelMark[];
  seconds: number;
}

/** The probable missing-value markers the import found in the columns the runs read (the target and inputs). */
export function markersToMark(dataset: SuggestDataset, config: ForecastConfig): SentinelMark[] {
  const used = new Set([config.target, ...config.features]);
  const already = new Set((config.sentinels ?? []).map((s) => `${s.column}\u0000${s.value}`));
  return dataset.summary.findings
    .filter((f) => (f.code === 'missing-marker' || f.code === 'zero-sentinel') && f.column !== undefined && f.value !== undefined && used.has(f.column))
    .map((f) => ({ column: f.column!, value: f.value! }))
    .filter((mark) => !already.has(`${mark.column}\u0000${mark.value}`));
}

function describe(c: Candidate): string {
  const transform = c.targetTransform === 'none' ? '' : `, ${c.targetTransform}`;
  return `${c.cell} ${c.layers}x${c.hiddenUnits}, window ${c.window}, learning rate ${c.learningRate}${transform}`;
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

export async function suggestSetup(deps: SuggestDeps, dataset: SuggestDataset, base: ForecastConfig, options: SuggestOptions): Promise<SuggestResult> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const budget = options.budgetMinutes * 60;
  const { store, training } = deps;
  const { summary } = dataset;
  const markedMissing = markersToMark(dataset, base);
  const marked: ForecastConfig = { ...base, sentinels: [...(base.sentinels ?? []), ...markedMissing] };
  checkConfigAgainstData(marked, summary);

  const trainRows = Math.floor(summary.rowsUsed * base.split.train);
  const validationRows = Math.floor(summary.rowsUsed * base.split.validation);
  const windows = candidateWindows(summary.frequency, Math.floor(Math.min(trainRows / 4, validationRows / 2)) - base.horizon);
  const targetColumn = summary.columns.find((c) => c.name === base.target);
  const transforms = candidateTransforms(summary.frequency, targetColumn ?? {});
  const candidates = drawCandidates(marked, windows, transforms, candidateCount(budget), options.seed);
  const fingerprint = { fileName: summary.fileName, sizeBytes: summary.sizeBytes, sha256: summary.sha256, rowsUsed: summary.rowsUsed };
  const provenance = runProvenance(dataset.path, summary.importOptions);
  const sweepId = await store.sweeps.create(
    {
      name: `suggest a setup: ${base.target}`,
      base: marked,
      mode: 'random',
      values: {
        window: [...new Set(candidates.map((c) => c.window))],
        cell: [...new Set(candidates.map((c) => c.cell))],
        hiddenUnits: [...new Set(candidates.map((c) => c.hiddenUnits))],
        layers: [...new Set(candidates.map((c) => c.layers))],
        learningRate: [...new Set(candidates.map((c) => c.learningRate))],
      },
      samples: candidates.length,
      seed: options.seed,
      concurrency: options.concurrency,
    },
    [],
  );

  const tried: TriedRun[] = [];
  const runs = new Map<number, RunSummary>();
  // At the budget's end the runs still training are asked to stop: they are scored on what they learned so far.
  const inFlight = new Set<number>();
  const deadline = setTimeout(() => {
    for (const runId of inFlight) training.stop(runId);
  }, budget * 1000);
  const train = async (candidate: Candidate, rung: number, epochs: number, stride: number): Promise<TriedRun> => {
    const config: ForecastConfig = { ...marked, ...candidate, epochs, stride };
    const runId = await training.start(config, { path: dataset.path, fingerprint, importOptions: summary.importOptions }, {
      onCreated: (id, log) => log.setRunOrigin(id, { provenance, sweepId }),
    });
    options.onRun?.({ runId, rung, candidate, epochs });
    inFlight.add(runId);
    const status = (await training.waitFor(runId)) ?? (await store.getSummary(runId)).status;
    inFlight.delete(runId);
    const run = await store.getSummary(runId);
    runs.set(runId, run);
    const metrics = isForecastRun(run) ? run.metrics : null;
    const entry: TriedRun = {
      runId,
      rung,
      epochs,
      stride,
      settings: candidate,
      status,
      validationMae: metrics?.validation?.mae ?? null,
      testMae: metrics?.test?.mae ?? null,
    };
    tried.push(entry);
    options.onRun?.({ runId, rung, candidate, epochs, status, validationMae: entry.validationMae });
    return entry;
  };
  const scored = (entries: TriedRun[]) =>
    entries.filter((e) => e.validationMae !== null && Number.isFinite(e.validationMae)).sort((a, b) => a.validationMae! - b.validationMae! || a.runId - b.runId);
  /** Seconds of overhead (start, data, scoring) and per epoch at stride 1, from a finished run. */
  const costOf = (entry: TriedRun) => {
    const run = runs.get(entry.runId)!;
    const total = run.finishedAt && run.createdAt ? (Date.parse(run.finishedAt) - Date.parse(run.createdAt)) / 1000 : elapsed();
    const trainSeconds = run.trainSeconds ?? total / 2;
    return { overhead: Math.max(0, total - trainSeconds), perEpoch: (trainSeconds / entry.epochs) * entry.stride };
  };

  try {
    // Rung 1: every candidate, briefly, on thinned training windows; no new start once the runs so far say it would
    // end past the rung's share of the budget.
    const stride = firstRungStride(trainRows);
    const firstEpochs = 2;
    const durations: number[] = [];
    const expectedEnd = () => elapsed() + (durations.length > 0 ? durations.reduce((a, b) => a + b, 0) / durations.length : 0);
    const first = await pool(
      candidates.map((candidate) => async () => {
        if (expectedEnd() > budget * RUNG_SHARES[0] || options.shouldStop?.()) return null;
        const from = elapsed();
        const entry = await train(candidate, 1, firstEpochs, stride);
        durations.push(elapsed() - from);
        return entry;
      }),
      options.concurrency,
    );
    const firstScored = scored(first.filter((e): e is TriedRun => e !== null));
    if (firstScored.length === 0) throw new UserError('No candidate setup could be trained and scored: see the sweep\'s runs for why.');

    // Rung 2: the best third, longer, on every training window.
    const survivors = firstScored.slice(0, Math.max(1, Math.ceil(firstScored.length / 3)));
    const secondBudget = Math.max(0, budget * (RUNG_SHARES[0] + RUNG_SHARES[1]) - elapsed());
    const secondEpochs = affordableEpochs(secondBudget, survivors.map(costOf), options.concurrency, firstEpochs + 1, 20);
    let pool2: TriedRun[] = [];
    if (!options.shouldStop?.() && elapsed() < budget) {
      pool2 = await pool(survivors.map((s) => () => train(s.settings, 2, secondEpochs, 1)), options.concurrency);
    }
    // Rung 3: the best one, as long as the rest of the budget allows (if that is longer than rung 2).
    const secondScored = scored(pool2);
    const leader = secondScored[0];
    if (leader && !options.shouldStop?.()) {
      const thirdEpochs = affordableEpochs(budget - elapsed(), [costOf(leader)], 1, 0, 60);
      if (thirdEpochs > secondEpochs) await train(leader.settings, 3, thirdEpochs, 1);
    }
  } finally {
    clearTimeout(deadline);
    await store.sweeps.setStatus(sweepId, 'completed');
  }

  // The best setup by validation MAE over every scored run; its test score is reported, never used to choose.
  const best = scored(tried)[0];
  const run = best ? runs.get(best.runId) : undefined;
  if (!best || !run || !isForecastRun(run) || !run.metrics?.test || !run.metrics.validation || !run.baselines) {
    return { sweepId, best: null, bestBaseline: null, beatsBaseline: false, verdict: 'No setup finished with test scores.', tried, markedMissing, seconds: elapsed() };
  }
  const verdict = suggestVerdict(run.metrics.test, run.baselines, describe(best.settings));
  return {
    sweepId,
    best: { runId: run.id, config: run.config, metrics: { validation: run.metrics.validation, test: run.metrics.test } },
    bestBaseline: { name: verdict.bestBaseline, mae: run.baselines[verdict.bestBaseline]!.mae },
    beatsBaseline: verdict.beatsBaseline,
    verdict: verdict.text,
    tried,
    markedMissing,
    seconds: elapsed(),
  };
}
