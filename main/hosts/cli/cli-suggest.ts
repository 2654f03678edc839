// Runs in: plain Node (CLI). `seqlab suggest`: a budgeted search for a forecast setup (successive halving, judged on
// validation only, logged as a sweep), ending with the best setup's test score beside the best baseline and a verdict.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../../../shared/util/errors';
import { createService } from '../../backend/create-service';
import { dataDirFor } from '../../backend/paths';
import { suggestSetup } from '../../backend/experiments/suggest';
import { numberOption } from './cli-options';
import { FORECAST_TRAIN_OPTIONS, findingNote, forecastConfigFromOptions } from './forecast-config-options';
import { importOptionsFrom } from './import-options';

export const SUGGEST_USAGE = `  seqlab suggest --csv PATH --target COL [--budget-minutes 5] [--concurrency 2] [the train options] [--db PATH] [--json]
                 (tries window, cell, hidden units, layers, learning rate and target transform; probable missing-value markers are marked first)`;

const OPTIONS = { ...FORECAST_TRAIN_OPTIONS, 'budget-minutes': { type: 'string' }, concurrency: { type: 'string' } } as const;

export async function suggestCommand(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values as typeof values;
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nUsage:\n${SUGGEST_USAGE}`);
  }
  if (!values.csv) throw new UserError('--csv PATH is required: the CSV file to find a setup for.');
  const budgetMinutes = numberOption(values, 'budget-minutes', 5);
  if (!(budgetMinutes > 0 && budgetMinutes <= 24 * 60)) throw new UserError(`--budget-minutes must be above 0 and at most 1440, got "${String(values['budget-minutes'])}".`);
  const concurrency = numberOption(values, 'concurrency', 2);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 4) throw new UserError(`--concurrency must be 1 to 4, got "${String(values.concurrency)}".`);
  const db = values.db as string | undefined;
  const { service, store } = await createService({ dbPath: db, dataDir: dataDirFor(db) });
  const running = new Set<number>();
  let stopping = false;
  const onSignal = () => {
    stopping = true;
    for (const runId of running) service.training.stop(runId);
  };
  process.on('SIGINT', onSignal);
  try {
    const path = resolve(String(values.csv));
    const summary = await service.importPath(path, undefined, importOptionsFrom(values));
    for (const finding of summary.findings) console.error(findingNote(finding));
    const base = forecastConfigFromOptions(values, summary);
    const result = await suggestSetup({ store, training: service.training }, { path, summary }, base, {
      budgetMinutes,
      seed: base.seed,
      concurrency,
      shouldStop: () => stopping,
      onRun: ({ runId, rung, candidate, epochs, status, validationMae }) => {
        if (status === undefined) running.add(runId);
        else running.delete(runId);
        const what = `${candidate.cell} ${candidate.layers}x${candidate.hiddenUnits} window ${candidate.window} lr ${candidate.learningRate} ${candidate.targetTransform}`;
        console.error(
          status === undefined
            ? `rung ${rung}: run ${runId} (${what}, ${epochs} epochs) training`
            : `rung ${rung}: run ${runId} ${status}, validation MAE ${validationMae?.toFixed(4) ?? '-'}`,
        );
      },
    });
    for (const mark of result.markedMissing) console.error(`marked as missing: ${mark.column} = ${mark.value}`);
    if (values.json === true) {
      console.log(JSON.stringify(result));
    } else {
      console.log(`sweep ${result.sweepId}: ${result.tried.length} runs in ${result.seconds.toFixed(0)} s`);
      if (result.best) {
        const { validation, test } = result.best.metrics;
        console.log(`best setup: run ${result.best.runId}, validation MAE ${validation.mae.toFixed(4)}, test MAE ${test.mae.toFixed(4)}`);
      }
      if (result.bestBaseline) console.log(`best baseline: ${result.bestBaseline.name}, test MAE ${result.bestBaseline.mae.toFixed(4)}`);
      console.log(result.verdict);
    }
    return result.best ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    await service.shutdown();
    await store.close();
  }
}
