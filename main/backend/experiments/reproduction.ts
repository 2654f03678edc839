// Runs in: main process (plain Node; pure). Did a rerun reproduce its original? Same settings, data, seed, backend
// and versions should give the same test metrics; the verdict names whatever differed.
import type { RunConfig } from '../../../shared/model/config';
import type { RunSummary } from '../../../shared/model/run';
import type { Reproduction, RunProvenance } from '../../../shared/model/run';
import { runConfigSchema } from '../../../shared/model/run-config';
import { flattenSettings } from '../../../shared/model/run-log';

/** Metrics agreeing this closely count as equal (the same program on the same data should agree exactly). */
export const METRIC_TOLERANCE = 1e-6;

const METRIC_LABELS: Record<string, string> = {
  mae: 'MAE',
  rmse: 'RMSE',
  mape: 'MAPE',
  smape: 'sMAPE',
  mase: 'MASE',
  r2: 'R²',
  accuracy: 'accuracy',
  f1: 'F1',
  rocAuc: 'ROC AUC',
};

const VERSIONS: [keyof RunProvenance, string][] = [
  ['seqlabVersion', 'Seqlab version'],
  ['tfjsVersion', 'TensorFlow.js version'],
  ['nodeVersion', 'Node version'],
  ['platform', 'Platform'],
];

/** Settings with defaults filled, without the dataset id (the data is compared by its fingerprint). */
function settings(config: RunConfig): Map<string, unknown> {
  const parsed = runConfigSchema.safeParse(config);
  const flat = flattenSettings(parsed.success ? parsed.data : config);
  flat.delete('datasetId');
  return flat;
}

function settingDifferences(a: RunConfig, b: RunConfig): string[] {
  const left = settings(a);
  const right = settings(b);
  const keys = [...new Set([...left.keys(), ...right.keys()])];
  return keys
    .filter((key) => JSON.stringify(left.get(key)) !== JSON.stringify(right.get(key)))
    .map((key) => `${key === 'seed' ? 'Seed' : `Setting ${key}`} differs: ${JSON.stringify(left.get(key)) ?? 'unset'} vs ${JSON.stringify(right.get(key)) ?? 'unset'}`);
}

/** Enough decimals that two different values never print alike ("0.71312 vs 0.71309"). */
function pair(a: number, b: number): string {
  for (let digits = 4; digits < 12; digits++) {
    if (a.toFixed(digits) !== b.toFixed(digits)) return `${a.toFixed(digits)} vs ${b.toFixed(digits)}`;
  }
  return `${a} vs ${b}`;
}

function metricDifferences(original: RunSummary, rerun: RunSummary): string[] {
  const a = original.metrics?.test as Record<string, unknown> | undefined;
  const b = rerun.metrics?.test as Record<string, unknown> | undefined;
  if (!a) return [`Run ${original.id} has no test metrics to compare`];
  if (!b) return [`The rerun has no test metrics`];
  const out: string[] = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    const x = a[key];
    const y = b[key];
    if (typeof x !== 'number' && typeof y !== 'number') continue; // per-class tables, confusion matrices: follow from the scalars
    const label = `Test ${METRIC_LABELS[key] ?? key}`;
    if (typeof x !== 'number' || typeof y !== 'number') out.push(`${label} ${String(x ?? 'missing')} vs ${String(y ?? 'missing')}`);
    else if (Math.abs(x - y) > METRIC_TOLERANCE) out.push(`${label} ${pair(x, y)}`);
  }
  return out;
}

export function reproductionOf(original: RunSummary, rerun: RunSummary): Reproduction {
  const ofRunId = original.id;
  if (rerun.status !== 'completed') {
    return { ofRunId, matched: false, message: `The rerun ${rerun.status}${rerun.error ? ` (${rerun.error})` : ''}, so it cannot reproduce run ${ofRunId}` };
  }
  const differences = settingDifferences(original.config, rerun.config);
  if (original.dataset.sha256 !== rerun.dataset.sha256) {
    differences.push(`Data differs: sha256 ${original.dataset.sha256.slice(0, 12)}… vs ${rerun.dataset.sha256.slice(0, 12)}…`);
  } else if (original.dataset.rowsUsed !== rerun.dataset.rowsUsed) {
    differences.push(`Rows used differ: ${original.dataset.rowsUsed} vs ${rerun.dataset.rowsUsed}`);
  }
  if (original.backend !== rerun.backend) differences.push(`Backend differs: ${original.backend ?? 'unknown'} vs ${rerun.backend ?? 'unknown'}`);
  if (!original.provenance) {
    differences.push(`Run ${ofRunId} does not record the versions it ran on`);
  } else if (rerun.provenance) {
    for (const [key, label] of VERSIONS) {
      if (original.provenance[key] !== rerun.provenance[key]) differences.push(`${label} differs: ${original.provenance[key]} vs ${rerun.provenance[key]}`);
    }
  }
  const readAs = [original.provenance?.importOptions, rerun.provenance?.importOptions];
  if (readAs[0] && readAs[1] && JSON.stringify(readAs[0]) !== JSON.stringify(readAs[1])) {
    differences.push(`Import options differ: ${JSON.stringify(readAs[0])} vs ${JSON.stringify(readAs[1])}`);
  }
  differences.push(...metricDifferences(original, rerun));
  return differences.length === 0
    ? { ofRunId, matched: true, message: `Matches run ${ofRunId} exactly` }
    : { ofRunId, matched: false, message: differences.join('; ') };
}
