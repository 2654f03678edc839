// Runs in: plain Node. `seqlab train|runs|compare|sweep|rerun|predict|inspect|explain|export|import`: the same services as the app, for scripts and benchmarks.
// Bad arguments and bad files end with one clear line on stderr and a non-zero exit, never a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isForecastRun, type RunDetail } from '../../../shared/model/run';
import { UserError, messageOf } from '../../../shared/util/errors';
import { redactSecrets } from '../../core/redact-url';
import { FORECAST_DEFAULTS } from '../../../shared/model/run-config';
import { createService } from '../../backend/create-service';
import { dataDirFor } from '../../backend/paths';
import { trainAndReport } from './cli-report';
import { cellOption, splitOption } from './cli-options';
import { TEXT_USAGE, printTextRun, taskOption, trainTextCommand } from './cli-text';
import { RUNS_USAGE, compareCommand, runsCommand } from './cli-runs';
import { SWEEP_USAGE, rerunCommand, sweepCommand } from './cli-sweep';
import { QUEUED_SWEEP_USAGE, queuedSweepCommand, wantsQueue } from './cli-queue-sweep';
import { WORKER_USAGE, workerCommand } from './cli-worker';
import { BUNDLE_USAGE, exportCommand, importCommand } from './cli-bundle';
import { PREDICT_USAGE, predictCommand } from './cli-predict';
import { BACKTEST_USAGE, backtestCommand } from './cli-backtest';
import { SUGGEST_USAGE, suggestCommand } from './cli-suggest';
import { FORECAST_TRAIN_OPTIONS, findingNote, forecastConfigFromOptions } from './forecast-config-options';
import { INSPECT_USAGE, explainCommand, inspectCommand } from './cli-inspect';
import { IMPORT_USAGE, importOptionsFrom } from './import-options';
import { CONTROL_USAGE, DATA_USAGE, forecastReport } from './forecast-options';
import { exitAfterOutput } from './exit';
import { requireSupportedNode } from '../../core/node-version';

const USAGE = `Usage:
  seqlab train --csv PATH --target COL [--features A,B] [--time COL] [--window 5] [--horizon 1]
               [--cell rnn|gru|lstm] [--layers 1] [--hidden 32] [--bidirectional] [--epochs 10]
               [--batch-size 64] [--lr 0.001] [--seed 0] [--split 0.7,0.15] [--backend auto|wasm|cpu|tensorflow]
               [--init uniform|glorot] ${CONTROL_USAGE}
               ${DATA_USAGE}
               ${IMPORT_USAGE}
               [--db PATH] [--json]
${TEXT_USAGE}
${RUNS_USAGE}
${SWEEP_USAGE}
${QUEUED_SWEEP_USAGE}
${WORKER_USAGE}
${BUNDLE_USAGE}
${PREDICT_USAGE}
${BACKTEST_USAGE}
${SUGGEST_USAGE}
${INSPECT_USAGE}`;


async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'train') {
    const task = taskOption(rest);
    if (task === 'text') return trainTextCommand(rest);
    if (task !== undefined && task !== 'forecast') throw new UserError(`--task must be forecast or text, got "${task}".`);
    return train(rest.filter((arg, i) => arg !== '--task' && rest[i - 1] !== '--task' && arg !== '--task=forecast'));
  }
  if (command === 'runs') return runsCommand(rest);
  if (command === 'compare') return compareCommand(rest);
  if (command === 'sweep') return wantsQueue(rest) ? queuedSweepCommand(rest) : sweepCommand(rest);
  if (command === 'worker') return workerCommand(rest);
  if (command === 'rerun') return rerunCommand(rest);
  if (command === 'export') return exportCommand(rest);
  if (command === 'import') return importCommand(rest);
  if (command === 'predict') return predictCommand(rest);
  if (command === 'backtest') return backtestCommand(rest);
  if (command === 'suggest') return suggestCommand(rest);
  if (command === 'inspect') return inspectCommand(rest);
  if (command === 'explain') return explainCommand(rest);
  if (command === undefined || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  throw new UserError(`Unknown command "${command}".\n${USAGE}`);
}

function parse(args: string[], options: ParseArgsConfig['options']) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UserError(`${(error as Error).message}\n${USAGE}`);
  }
}

async function train(args: string[]): Promise<number> {
  const values = parse(args, { ...FORECAST_TRAIN_OPTIONS, time: { type: 'string' } });
  if (!values.csv) throw new UserError('--csv PATH is required: the CSV file to train on.');
  if (!values.target) throw new UserError('--target COL is required: the column to forecast.');
  // Bad settings fail before the file is read.
  cellOption(values, 'rnn');
  splitOption(values.split, FORECAST_DEFAULTS.split);

  const { service, store } = await createService({ dbPath: values.db as string | undefined, dataDir: dataDirFor(values.db as string | undefined) });
  try {
    const summary = await service.importPath(values.csv as string, undefined, importOptionsFrom(values));
    for (const finding of summary.findings) console.error(findingNote(finding));
    if (values.time !== undefined && values.time !== summary.timeColumn) {
      throw new UserError(
        summary.timeColumn
          ? `--time "${String(values.time)}": Seqlab orders rows by the detected time column "${summary.timeColumn}"; choosing another is not supported yet, so leave --time out.`
          : `--time "${String(values.time)}" is not a date/time column Seqlab recognises in ${summary.fileName}; leave --time out to treat rows as evenly spaced.`,
      );
    }
    return await trainAndReport(service, forecastConfigFromOptions(values, summary), { json: values.json === true, print: printRun });
  } finally {
    await service.shutdown();
    await store.close();
  }
}

function printRun(run: RunDetail): void {
  if (!isForecastRun(run)) return printTextRun(run);
  console.log(`run ${run.id}: ${run.status} on ${run.backend ?? '?'} in ${run.trainSeconds?.toFixed(1) ?? '?'} s`);
  for (const text of forecastReport(run)) console.log(text);
}

requireSupportedNode('seqlab');
main(process.argv.slice(2)).then(
  (code) => exitAfterOutput(code),
  (error: unknown) => {
    // A driver's own message may quote a --db URL: its password never reaches the terminal.
    console.error(`seqlab: ${redactSecrets(messageOf(error))}`);
    exitAfterOutput(2);
  },
);
