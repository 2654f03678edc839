// Runs in: plain Node. `seqlab inspect` and `seqlab explain` (issue 16): inside a finished run's model — one test window
// or a typed text through the cell equations with the run's own weights, and permutation importance. `--json` for scripts.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Explanation, ForecastInspection, InspectedLayer, TextInspection } from '../../../shared/model/inspect';
import { UserError } from '../../../shared/util/errors';
import { defaultDbPath, trainerEntry } from '../../backend/paths';
import { openRunLog } from '../../backend/run-log/open-run-log';
import { explainRun, inspectRun, type InspectContext } from '../../backend/runs/run-inspect';
import { forkTrainerLauncher } from '../../backend/training/trainer-launcher';

export const INSPECT_USAGE = `  seqlab inspect --run ID --window K [--db PATH] [--json]     (forecast runs: K counts the test windows from 0, in time order)
  seqlab inspect --run ID --text "..." [--db PATH] [--json]  (text runs)
  seqlab explain --run ID [--repeats 3] [--seed 0] [--max-windows 500] [--db PATH] [--json]`;

function parse(args: string[], options: ParseArgsConfig['options']) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nUsage:\n${INSPECT_USAGE}`);
  }
}

function wholeOption(values: Record<string, string | boolean | undefined>, name: string, what: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim())) throw new UserError(`--${name} must be ${what} (a whole number); got "${String(raw)}".`);
  return Number(raw);
}

function runIdOption(values: Record<string, string | boolean | undefined>): number {
  if (values.run === undefined) throw new UserError('--run ID is required: the finished run to look inside (see `seqlab runs`).');
  const runId = wholeOption(values, 'run', 'a run id');
  if (!runId) throw new UserError(`--run must be a run id (a whole number above 0); got "${String(values.run)}".`);
  return runId;
}

/** The run log and a trainer launcher: all inspect needs, without the session's datasets or training manager. */
async function withContext<T>(db: string | boolean | undefined, use: (ctx: InspectContext) => Promise<T>): Promise<T> {
  const store = await openRunLog(typeof db === 'string' ? db : defaultDbPath());
  try {
    return await use({ store, launcher: forkTrainerLauncher(trainerEntry()) });
  } finally {
    await store.close();
  }
}

export async function inspectCommand(args: string[]): Promise<number> {
  const values = parse(args, { run: { type: 'string' }, window: { type: 'string' }, text: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' } });
  const runId = runIdOption(values);
  const window = wholeOption(values, 'window', 'a test window index');
  if ((window === undefined) === (values.text === undefined)) {
    throw new UserError('Give either --window K (a forecast run\'s test window) or --text "..." (a text run), not both or neither.');
  }
  const target = window !== undefined ? { window } : { text: String(values.text) };
  const result = await withContext(values.db, (ctx) => inspectRun(ctx, runId, target));
  if (values.json) console.log(JSON.stringify(result));
  else if (result.task === 'forecast') printForecast(result);
  else printText(result);
  return 0;
}

export async function explainCommand(args: string[]): Promise<number> {
  const values = parse(args, {
    run: { type: 'string' },
    repeats: { type: 'string' },
    seed: { type: 'string' },
    'max-windows': { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
  });
  const runId = runIdOption(values);
  const options = {
    repeats: wholeOption(values, 'repeats', 'the shuffles per column and lag'),
    seed: wholeOption(values, 'seed', 'a seed'),
    maxWindows: wholeOption(values, 'max-windows', 'a number of test windows'),
  };
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const result = await withContext(values.db, (ctx) => explainRun(ctx, runId, defined));
  if (values.json) console.log(JSON.stringify(result));
  else printExplanation(result);
  return 0;
}

const fixed = (v: number, digits = 4) => v.toFixed(digits);
const last = (m: number[][]) => m[m.length - 1];

function describeLayer(l: InspectedLayer): string {
  const final = l.direction === 'forward' ? last(l.hiddenStates) : l.hiddenStates[0];
  const shown = final.slice(0, 6).map((v) => fixed(v, 3)).join(' ');
  const activations = l.recurrentActivation ? `${l.activation}, gates ${l.recurrentActivation}` : l.activation;
  return `layer ${l.layer} ${l.direction.padEnd(8)} ${l.cell} ${l.units} units (${activations}, gate order ${l.gateOrder}): final h = [${shown}${final.length > 6 ? ' …' : ''}]`;
}

function printForecast(r: ForecastInspection): void {
  const when = r.targetTimes ? ` (${new Date(r.targetTimes[0]).toISOString()})` : '';
  console.log(`run ${r.runId}: test window ${r.window} of ${r.windowCount}${when}, ${r.inputs.scaled.length} steps of ${r.features.join(', ')}`);
  for (const layer of r.layers) console.log(describeLayer(layer));
  r.prediction.forEach((p, h) => console.log(`step ${h + 1}: ${r.target} predicted ${fixed(p)} (scaled ${fixed(r.predictionScaled[h])}), truth ${fixed(r.truth[h])}`));
  console.log(`TensorFlow.js' own prediction differs from the equations by at most ${r.modelCheck.maxAbsDifference.toExponential(1)} (scaled)`);
  console.log('--json prints every weight, gate and state.');
}

function printText(r: TextInspection): void {
  console.log(`run ${r.runId}: ${r.predicted} (${r.classNames.map((name, i) => `${name} ${fixed(r.probabilities[i], 3)}`).join(', ')})`);
  if (r.truncatedTokens > 0) console.log(`${r.truncatedTokens} words past the run's max length were cut off`);
  console.log(' word                  id      contribution');
  for (const c of r.contributions) console.log(` ${c.token.slice(0, 20).padEnd(20)} ${String(c.id).padStart(6)}  ${c.contribution >= 0 ? '+' : ''}${fixed(c.contribution)}`);
  for (const layer of r.layers) console.log(describeLayer(layer));
  console.log(`[UNK] = ${r.reserved.unk}, [PAD] = ${r.reserved.pad}; --json prints every weight, gate and state.`);
}

function printExplanation(r: Explanation): void {
  console.log(`run ${r.runId}: test MAE ${fixed(r.baseline)} on ${r.windowsUsed} of ${r.windowCount} windows; MAE increase when shuffled (${r.repeats} shuffles, seed ${r.seed}):`);
  for (const c of r.columns) console.log(` ${c.column.slice(0, 30).padEnd(30)} ${fixed(c.importance).padStart(10)} ± ${fixed(c.std)}`);
  for (const l of r.lags) console.log(` lag ${String(l.lag).padEnd(26)} ${fixed(l.importance).padStart(10)} ± ${fixed(l.std)}`);
}
