// Runs in: plain Node. `npm run bench -- <suite> [options]`: one JSON object per line per measurement.
// Suites: import (parse + types + dates + sort), train (samples/s per course model), stall (main-loop delay while
// a run trains in its own process), runs (the experiment log at 10,000 runs: table page, filter, compare), sweep
// (trials per minute through the queue with 1, 2, ... workers), agreement (each fused path against tfjs' op-by-op
// layers: forward difference with shared weights, test MAE / accuracy after training). Figures drift on shared machines: compare ratios from one run.
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { benchImport } from './bench-import';
import { benchImportBig } from './bench-import-big';
import { benchImportWindow } from './bench-import-window';
import { MODELS, TARGET, benchTrain } from './bench-train';
import type { ForecastSeries } from '../core/forecast/forecast-series';
import { TEXT_MODELS, benchText } from './bench-text';
import { benchRuns } from './bench-runs';
import { benchSweep } from './bench-sweep';
import { benchAgreement } from './bench-agreement';
import { TEXT_AGREEMENT_MODELS, benchAgreementText } from './bench-agreement-text';
import { benchTrainerMemory } from './bench-trainer-memory';
import { benchKernels } from './bench-kernels';
import { loadDataset } from '../core/dataset/load-dataset';
import { createService } from '../backend/create-service';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { messageOf, UserError } from '../../shared/util/errors';
import type { BackendChoice } from '../../shared/model/config';
import { APP_ROOT, samplesDir } from '../backend/paths';
import { requireSupportedNode } from '../core/node-version';

const print = (record: Record<string, unknown>) => console.log(JSON.stringify(record));

/** The forecast benches' data: the file's temperature (the only feature) and its times. */
async function temperatureSeries(csv: string): Promise<ForecastSeries> {
  const dataset = await loadDataset(csv);
  return { columns: { [TARGET]: dataset.numeric(TARGET) }, times: dataset.time };
}

async function main(): Promise<void> {
  const [suite, ...args] = process.argv.slice(2);
  if (suite === 'runs') {
    // The log bench needs no CSV: it makes its own runs.
    const { values: runOptions } = parseArgs({ args, options: { runs: { type: 'string', default: '10000' }, epochs: { type: 'string', default: '50' }, keep: { type: 'string' } } });
    (await benchRuns({ runs: Number(runOptions.runs), epochs: Number(runOptions.epochs), keepAt: runOptions.keep })).forEach(print);
    return;
  }
  if (suite === 'kernels') {
    // One thread's prediction, kernel by kernel, against the core's ceiling (no data file: random weights and inputs).
    const { values: kernelOptions } = parseArgs({ args, options: { models: { type: 'string' } } });
    benchKernels(kernelOptions.models?.split(',')).forEach(print);
    return;
  }
  if (suite === 'sweep') {
    // Trials per minute through the queue with 1, 2, ... local workers (its own Redis and PostgreSQL unless given).
    const { values: sweepOptions } = parseArgs({
      args,
      options: { workers: { type: 'string', default: '1,2' }, queue: { type: 'string' }, db: { type: 'string' }, csv: { type: 'string' }, epochs: { type: 'string', default: '3' } },
    });
    (await benchSweep({
      csv: sweepOptions.csv ?? join(samplesDir(), 'szeged-weather-sample.csv'),
      workers: sweepOptions.workers.split(',').map(Number),
      queue: sweepOptions.queue,
      db: sweepOptions.db,
      epochs: Number(sweepOptions.epochs),
    })).forEach(print);
    return;
  }
  if (suite === 'agreement') {
    // Each fused path against tfjs' op-by-op layers: forward difference with shared weights, test MAE after training.
    const { values: agreementOptions } = parseArgs({
      args,
      options: {
        csv: { type: 'string' },
        rows: { type: 'string', default: '20000' },
        window: { type: 'string', default: '24' },
        epochs: { type: 'string', default: '3' },
        backend: { type: 'string', default: 'auto' },
        models: { type: 'string' },
        'text-csv': { type: 'string' },
      },
    });
    const csv = agreementOptions.csv ?? join(samplesDir(), 'szeged-weather-sample.csv');
    if (!existsSync(csv)) throw new Error(`No CSV at ${csv}: pass --csv PATH (e.g. the whole Szeged file).`);
    const models = agreementOptions.models?.split(',');
    const known = [...MODELS.map((spec) => spec.model), ...Object.keys(TEXT_AGREEMENT_MODELS)];
    const unknown = models?.filter((name) => !known.includes(name)) ?? [];
    if (unknown.length > 0) throw new UserError(`Unknown model ${unknown.join(', ')}: choose from ${known.join(', ')}.`);
    const textModels = Object.keys(TEXT_AGREEMENT_MODELS).filter((name) => !models || models.includes(name));
    if (models && textModels.length > 0 && !agreementOptions['text-csv']) {
      throw new UserError(`${textModels.join(', ')} needs the reviews: pass --text-csv PATH (e.g. the IMDB reviews CSV).`);
    }
    const series = await temperatureSeries(csv);
    const backend = agreementOptions.backend as BackendChoice;
    const epochs = Number(agreementOptions.epochs);
    const forecastModels = models?.filter((name) => !(name in TEXT_AGREEMENT_MODELS));
    if (!models || forecastModels!.length > 0) {
      const records = await benchAgreement(series, {
        rows: Number(agreementOptions.rows), window: Number(agreementOptions.window), epochs, backend, models: forecastModels,
      });
      records.forEach(print);
    }
    const textCsv = agreementOptions['text-csv'];
    if (textCsv) for (const name of textModels) print(await benchAgreementText(textCsv, { epochs, backend, ...TEXT_AGREEMENT_MODELS[name] }));
    return;
  }
  const { values } = parseArgs({
    args,
    options: {
      csv: { type: 'string' },
      window: { type: 'string', default: '64' },
      'batch-size': { type: 'string', default: '64' },
      backend: { type: 'string', default: 'auto' },
      epochs: { type: 'string', default: '1' },
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '5' },
      compare: { type: 'boolean' },
      models: { type: 'string' },
      impl: { type: 'string' },
      threads: { type: 'string' },
      'text-csv': { type: 'string' },
    },
  });
  const csv = values.csv ?? join(samplesDir(), 'szeged-weather-sample.csv');
  if (!existsSync(csv)) throw new Error(`No CSV at ${csv}: pass --csv PATH (e.g. the whole Szeged file).`);
  switch (suite) {
    case 'import':
      print(await benchImport(csv));
      // Without --csv, also the big-file case: a generated table imported in a worker (kept in the temp folder).
      if (values.csv === undefined) {
        const rows = Number(values.rows);
        print(await benchImportBig(join(tmpdir(), `seqlab-bench-${rows}-rows.csv`), rows));
      }
      break;
    case 'import-window':
      // The browser mode's whole wait, choosing the file to a usable setup (built server + Chromium), per stage.
      await benchImportWindow({ csv, runs: Number(values.runs), compare: values.compare === true }, print);
      break;
    case 'train': {
      const series = await temperatureSeries(csv);
      const models = values.models?.split(',');
      const threads = values.threads?.split(',').map(Number);
      const records = await benchTrain(series, {
        window: Number(values.window),
        batchSize: Number(values['batch-size']),
        backend: values.backend as BackendChoice,
        models,
        impls: values.impl?.split(','),
        threads,
      });
      records.forEach(print);
      // The text model (IMDB reviews) when given its file.
      if (values['text-csv'] && (!models || TEXT_MODELS.some((spec) => models.includes(spec.model)))) {
        const textRecords = await benchText(values['text-csv'], {
          models,
          batchSize: Number(values['batch-size']),
          backend: values.backend as BackendChoice,
          impls: values.impl?.split(','),
          threads,
        });
        textRecords.forEach(print);
      }
      break;
    }
    case 'trainer-memory':
      // The training process's own peak memory for the course's models, through the built CLI.
      await benchTrainerMemory({ csv, cli: join(APP_ROOT, 'dist', 'main', 'cli.js'), epochs: Number(values.epochs), models: values.models?.split(',') }, print);
      break;
    case 'stall':
      print(await benchStall(csv, Number(values.epochs)));
      break;
    default:
      throw new Error(
        'Usage: npm run bench -- import|import-window|train|trainer-memory|stall [--csv PATH] [--rows 1000000] [--window 64] [--batch-size 64] [--backend auto] [--models rnn1,lstm1,text-lstm,text-lstm-bidirectional] [--impl layers,fused-layers,fused] [--threads 1,2] [--text-csv PATH] [--runs 5 --compare (import-window)]\n' +
          '       npm run bench -- runs [--runs 10000] [--epochs 50] [--keep DB_PATH]\n' +
          '       npm run bench -- kernels [--models rnn1,rnn3,lstm1,gru1]\n' +
          '       npm run bench -- agreement [--csv PATH] [--rows 20000] [--window 24] [--epochs 3] [--models rnn1,lstm1,text-lstm,text-lstm-bidirectional] [--text-csv PATH]',
      );
  }
}

/** The longest stall of the main process's event loop while a run trains in its own process. */
async function benchStall(csv: string, epochs: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-bench-'));
  const { service, store } = await createService({ dbPath: join(dir, 'runs.db'), dataDir: dir });
  try {
    const summary = await service.importPath(csv);
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const started = performance.now();
    const { runId } = await service.startTraining({
      ...FORECAST_DEFAULTS,
      epochs,
      datasetId: summary.id,
      target: 'Temperature (C)',
      features: ['Temperature (C)'],
    });
    const status = await service.training.waitFor(runId);
    histogram.disable();
    return {
      bench: 'stall',
      status,
      trainWallSeconds: (performance.now() - started) / 1000,
      maxEventLoopDelayMs: histogram.max / 1e6,
      p99EventLoopDelayMs: histogram.percentile(99) / 1e6,
    };
  } finally {
    await service.shutdown();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

requireSupportedNode('bench');
main().catch((error: unknown) => {
  console.error(`bench: ${messageOf(error)}`);
  process.exit(1);
});
