// Runs in: plain Node. `seqlab predict --run ID --csv PATH`: a finished run's saved model applied to a CSV —
// the next horizon steps past its end for a forecast run, a class per row for a text run. `--json` for scripts.
import { parseArgs } from 'node:util';
import { UserError } from '../../../shared/util/errors';
import type { ForecastFromCsv, PredictionsFromCsv, TextPredictionsFromCsv } from '../../../shared/model/inference';
import { createService } from '../../backend/create-service';
import { dataDirFor } from '../../backend/paths';

export const PREDICT_USAGE = `  seqlab predict --run ID --csv PATH [--db PATH] [--json]`;

/** Text rows printed in the table; the JSON (and its csv field) holds every row. */
const TEXT_ROWS_SHOWN = 20;

function parsePredictArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { run: { type: 'string' }, csv: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' } },
    }).values;
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nUsage:\n${PREDICT_USAGE}`);
  }
}

export async function predictCommand(args: string[]): Promise<number> {
  const values = parsePredictArgs(args);
  if (values.run === undefined) throw new UserError('--run ID is required: the finished run whose model predicts (see `seqlab runs`).');
  if (!values.csv) throw new UserError('--csv PATH is required: the CSV file to predict from.');
  const runId = Number(values.run);
  if (!Number.isInteger(runId) || runId < 1) throw new UserError(`--run must be a run id (a whole number above 0); got "${values.run}".`);

  const { service, store } = await createService({ dbPath: values.db, dataDir: dataDirFor(values.db) });
  try {
    // Checked before reading the file, so a wrong run id fails fast.
    await service.getRun(runId);
    const summary = await service.importPath(values.csv);
    const result = await service.predictWithRun(runId, summary.id);
    if (values.json) console.log(JSON.stringify(result));
    else printPredictions(result);
    return 0;
  } finally {
    await service.shutdown();
    await store.close();
  }
}

function printPredictions(result: PredictionsFromCsv): void {
  if (result.task === 'forecast') printForecast(result);
  else printClasses(result);
}

function printForecast(result: ForecastFromCsv): void {
  console.log(`run ${result.runId}: ${result.target}, ${result.forecast.values.length} steps past the end of ${result.fileName}`);
  const times = result.forecast.times;
  console.log(times ? 'step  time                      forecast' : 'step  forecast');
  result.forecast.values.forEach((value, k) => {
    const step = String(k + 1).padStart(4);
    const shown = value.toFixed(4).padStart(times ? 12 : 10);
    console.log(times ? `${step}  ${new Date(times[k]).toISOString()}  ${shown}` : `${step}  ${shown}`);
  });
}

function printClasses(result: TextPredictionsFromCsv): void {
  console.log(`run ${result.runId}: ${result.rows} rows of ${result.fileName} classified as ${result.classNames.join(' / ')}`);
  const counts = result.classNames.map((name) => result.preview.filter((p) => p.label === name).length);
  if (result.rows <= result.preview.length) {
    console.log(result.classNames.map((name, i) => `${name}: ${counts[i]}`).join(', '));
  }
  console.log(' row  label                 p      text');
  result.preview.slice(0, TEXT_ROWS_SHOWN).forEach((p, i) => {
    const text = p.text.replace(/\s+/g, ' ');
    console.log(`${String(i + 1).padStart(4)}  ${p.label.slice(0, 20).padEnd(20)}  ${p.probability.toFixed(3)}  ${text.length > 60 ? `${text.slice(0, 59)}…` : text}`);
  });
  if (result.rows > TEXT_ROWS_SHOWN) console.log(`… ${result.rows - TEXT_ROWS_SHOWN} more rows (use --json for all of them)`);
}
