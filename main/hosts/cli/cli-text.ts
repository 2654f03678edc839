// Runs in: plain Node. `seqlab train --task text`: text classification from a CSV, same service and run log as
// the app. Same conventions as cli.ts: progress on stderr, one JSON line on stdout with --json, clear errors.
import { parseArgs } from 'node:util';
import type { ClassificationMetrics } from '../../../shared/model/metrics';
import type { TextRunSummary } from '../../../shared/model/run';
import { UserError } from '../../../shared/util/errors';
import { TEXT_DEFAULTS, describeZodError, textConfigSchema } from '../../../shared/model/run-config';
import { createService } from '../../backend/create-service';
import { dataDirFor } from '../../backend/paths';
import { trainAndReport } from './cli-report';
import { COMMON_TRAIN_OPTIONS, cellOption, numberOption, splitOption } from './cli-options';
import { CONTROL_OPTIONS, CONTROL_USAGE, controlFields, threadsOption } from './forecast-options';

export const TEXT_USAGE = `  seqlab train --task text --csv PATH --text COL --label COL [--cell rnn|gru|lstm] [--layers 1] [--hidden 64]
               [--bidirectional] [--embedding-dim 64] [--max-length 200] [--vocab-size 10000] [--min-frequency 1]
               [--truncate end|start] [--epochs 5] [--batch-size 64] [--lr 0.001] [--seed 0] [--split 0.7,0.15]
               [--backend auto|wasm|cpu|tensorflow] ${CONTROL_USAGE}
               [--threads auto|N] [--db PATH] [--json]`;

/** The value of --task (or --task=...), if any: decides which train command parses the rest. */
export function taskOption(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--task') return args[i + 1];
    if (args[i].startsWith('--task=')) return args[i].slice('--task='.length);
  }
  return undefined;
}



function parseTextArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        ...COMMON_TRAIN_OPTIONS,
        text: { type: 'string' },
        label: { type: 'string' },
        'embedding-dim': { type: 'string' },
        'max-length': { type: 'string' },
        'vocab-size': { type: 'string' },
        'min-frequency': { type: 'string' },
        truncate: { type: 'string' },
        threads: { type: 'string' },
        ...CONTROL_OPTIONS,
      },
    }).values;
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nUsage:\n${TEXT_USAGE}`);
  }
}

export async function trainTextCommand(args: string[]): Promise<number> {
  const values = parseTextArgs(args);
  if (!values.csv) throw new UserError('--csv PATH is required: the CSV file with the texts.');
  if (!values.text) throw new UserError('--text COL is required: the column holding the texts to classify.');
  if (!values.label) throw new UserError('--label COL is required: the column holding each text\'s class.');
  const cell = cellOption(values, 'lstm');

  const { service, store } = await createService({ dbPath: values.db, dataDir: dataDirFor(values.db) });
  try {
    const summary = await service.importPath(values.csv);
    for (const finding of summary.findings) console.error(`note: ${finding.message}`);
    const candidate = {
      ...TEXT_DEFAULTS,
      datasetId: summary.id,
      textColumn: values.text,
      labelColumn: values.label,
      cell,
      layers: numberOption(values, 'layers', TEXT_DEFAULTS.layers),
      hiddenUnits: numberOption(values, 'hidden', TEXT_DEFAULTS.hiddenUnits),
      bidirectional: values.bidirectional === true,
      embeddingDim: numberOption(values, 'embedding-dim', TEXT_DEFAULTS.embeddingDim),
      maxLength: numberOption(values, 'max-length', TEXT_DEFAULTS.maxLength),
      vocabSize: numberOption(values, 'vocab-size', TEXT_DEFAULTS.vocabSize),
      minFrequency: numberOption(values, 'min-frequency', TEXT_DEFAULTS.minFrequency),
      truncate: values.truncate ?? TEXT_DEFAULTS.truncate,
      epochs: numberOption(values, 'epochs', TEXT_DEFAULTS.epochs),
      batchSize: numberOption(values, 'batch-size', TEXT_DEFAULTS.batchSize),
      learningRate: numberOption(values, 'lr', TEXT_DEFAULTS.learningRate),
      seed: numberOption(values, 'seed', TEXT_DEFAULTS.seed),
      split: splitOption(values.split, TEXT_DEFAULTS.split),
      backend: values.backend ?? 'auto',
      threads: threadsOption(values),
      ...controlFields(values),
    };
    const parsed = textConfigSchema.safeParse(candidate);
    if (!parsed.success) throw new UserError(describeZodError(parsed.error));

    return await trainAndReport(service, parsed.data, { json: values.json === true, print: (run) => printTextRun(run as TextRunSummary) });
  } finally {
    await service.shutdown();
    await store.close();
  }
}

const line = (name: string, m: ClassificationMetrics | undefined) =>
  m ? `${name.padEnd(13)} accuracy ${m.accuracy.toFixed(4)}  F1 ${m.f1.toFixed(4)}  ROC AUC ${m.rocAuc?.toFixed(4) ?? '-'}` : null;

export function printTextRun(run: TextRunSummary): void {
  console.log(`run ${run.id}: ${run.status} on ${run.backend ?? '?'} in ${run.trainSeconds?.toFixed(1) ?? '?'} s`);
  const rows = [
    line('test', run.metrics?.test),
    line('majority', run.baselines?.majority),
    line('bag of words', run.baselines?.bagOfWords),
  ];
  for (const row of rows) if (row) console.log(row);
  if (run.metrics?.bestEpoch) console.log(`weights kept from epoch ${run.metrics.bestEpoch}${run.metrics.stoppedEarly ? ' (early stopping)' : ''}`);
  const test = run.metrics?.test;
  if (test) {
    console.log(`confusion (rows: truth, columns: predicted; classes ${test.classNames.join(', ')}):`);
    for (const [k, counts] of test.confusion.entries()) console.log(`  ${test.classNames[k].padEnd(10)} ${counts.join('\t')}`);
  }
}
