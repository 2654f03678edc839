// Runs in: plain Node (CLI). `seqlab backtest`: rolling-origin evaluation of one forecast setup, k folds, each fold's
// model and every baseline scored on its own test block; logged as a parent run with one child run per fold.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BASELINE_LABELS, BASELINE_NAMES } from '../../../shared/model/metrics';
import { UserError } from '../../../shared/util/errors';
import { createService } from '../../backend/create-service';
import { dataDirFor } from '../../backend/paths';
import { runBacktest, type BacktestResult } from '../../backend/experiments/backtest';
import { numberOption } from './cli-options';
import { FORECAST_TRAIN_OPTIONS, findingNote, forecastConfigFromOptions } from './forecast-config-options';
import { importOptionsFrom } from './import-options';

export const BACKTEST_USAGE = `  seqlab backtest --csv PATH --target COL [--folds 5] [--mode expanding|sliding] [the train options] [--db PATH] [--json]
                  (the last fold is the single run's split; each fold's test block is as long as its test split)`;

const OPTIONS = { ...FORECAST_TRAIN_OPTIONS, folds: { type: 'string' }, mode: { type: 'string' } } as const;

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/** The --json document: the folds and summary, plus the runs they are logged as. */
export function backtestJson(result: BacktestResult) {
  const { backtest } = result;
  return {
    parentRunId: result.parentRunId,
    status: result.status,
    mode: backtest.mode,
    seconds: result.seconds,
    folds: backtest.folds.map((f) => ({
      runId: f.runId,
      status: f.status,
      trainRows: f.trainRows,
      testStart: f.testStart,
      testEnd: f.testEnd,
      testStartTime: iso(f.testStartTime),
      testEndTime: iso(f.testEndTime),
      model: f.model,
      baselines: f.baselines,
    })),
    summary: backtest.summary,
  };
}

function printTable(result: BacktestResult): void {
  const { folds, summary } = result.backtest;
  console.log(`backtest run ${result.parentRunId}: ${result.status}, ${folds.length} folds (${result.backtest.mode}) in ${result.seconds.toFixed(1)} s`);
  const names = BASELINE_NAMES.filter((n) => folds.some((f) => f.baselines[n]));
  console.log(['fold', 'run', 'train rows', 'test rows', 'model MAE', ...names.map((n) => `${BASELINE_LABELS[n]} MAE`)].join('\t'));
  folds.forEach((f, i) =>
    console.log(
      [i + 1, f.runId, f.trainRows, `${f.testStart}-${f.testEnd}`, f.model?.mae.toFixed(4) ?? '-', ...names.map((n) => f.baselines[n]?.mae.toFixed(4) ?? '-')].join('\t'),
    ),
  );
  const pm = (s: { maeMean: number; maeStd: number } | undefined | null) => (s ? `${s.maeMean.toFixed(4)} ± ${s.maeStd.toFixed(4)}` : '-');
  console.log(['mean ± std', '', '', '', pm(summary.model), ...names.map((n) => pm(summary.baselines[n]))].join('\t'));
}

export async function backtestCommand(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values as typeof values;
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nUsage:\n${BACKTEST_USAGE}`);
  }
  if (!values.csv) throw new UserError('--csv PATH is required: the CSV file to backtest on.');
  const mode = String(values.mode ?? 'expanding');
  if (mode !== 'expanding' && mode !== 'sliding') throw new UserError(`--mode must be expanding or sliding, got "${mode}".`);
  const folds = numberOption(values, 'folds', 5);
  if (!Number.isInteger(folds) || folds < 2 || folds > 50) throw new UserError(`--folds must be a whole number from 2 to 50, got "${String(values.folds)}".`);
  const db = values.db as string | undefined;
  const { service, store } = await createService({ dbPath: db, dataDir: dataDirFor(db) });
  let current: number | null = null;
  let stopping = false;
  const onSignal = () => {
    stopping = true;
    if (current !== null) service.training.stop(current);
  };
  process.on('SIGINT', onSignal);
  try {
    const path = resolve(String(values.csv));
    const summary = await service.importPath(path, undefined, importOptionsFrom(values));
    for (const finding of summary.findings) console.error(findingNote(finding));
    const config = forecastConfigFromOptions(values, summary);
    const result = await runBacktest({ store, training: service.training }, { path, summary }, config, { folds, mode }, {
      onFold: ({ fold, folds: total, runId, status }) => {
        current = status ? null : runId;
        console.error(status ? `fold ${fold}/${total}: run ${runId} ${status}` : `fold ${fold}/${total}: run ${runId} training`);
      },
      shouldStop: () => stopping,
    });
    if (values.json === true) console.log(JSON.stringify(backtestJson(result)));
    else printTable(result);
    return result.status === 'failed' ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    await service.shutdown();
    await store.close();
  }
}
