// Runs in: renderer (pure). The sweep form's text fields to a SweepSpec: parsing, a message per bad field, and how
// many runs the sweep will make.
import type { CellType, ForecastConfig } from '../../shared/model/config';
import type { SweepSpec, SweepValues } from '../../shared/model/experiments';
import { forecastConfigSchema } from '../../shared/model/run-config';

/** Settings typed as comma-separated numbers (the cell is chosen with checkboxes). */
export const NUMERIC_SWEEP_PARAMS = ['window', 'hiddenUnits', 'layers', 'learningRate', 'dropout'] as const;
export type NumericSweepParam = (typeof NUMERIC_SWEEP_PARAMS)[number];

export const SWEEP_PARAM_LABELS: Record<NumericSweepParam | 'cell', string> = {
  window: 'Window',
  hiddenUnits: 'Hidden units',
  layers: 'Layers',
  cell: 'Cell',
  learningRate: 'Learning rate',
  dropout: 'Dropout',
};

/** More runs than this is a mistake more often than a plan (and the backend's sample cap is the same). */
export const MAX_SWEEP_RUNS = 500;
const MAX_VALUES = 20;

export interface SweepDraft {
  name: string;
  mode: 'grid' | 'random';
  /** Comma-separated values; empty leaves the setting as in the forecast setup. */
  values: Record<NumericSweepParam, string>;
  /** Ticked cells; none ticked leaves the cell as in the setup. */
  cells: CellType[];
  samples: string;
  seed: string;
  concurrency: string;
  /** Where the trials train: this app's trainers, or the workers of the queue the app is connected to. */
  runOn: 'this-machine' | 'workers';
}

export type SweepFieldErrors = Partial<Record<NumericSweepParam | 'cell' | 'name' | 'samples' | 'seed' | 'concurrency' | 'values', string>>;

export interface SweepPlan {
  /** Null while any field is wrong. */
  spec: SweepSpec | null;
  errors: SweepFieldErrors;
  /** Every combination of the values given (the grid's size). */
  combinations: number;
  /** Runs the sweep will start: the grid, or the samples drawn from it. */
  runs: number;
}

export function emptyDraft(name = ''): SweepDraft {
  return {
    name,
    mode: 'grid',
    values: { window: '', hiddenUnits: '', layers: '', learningRate: '', dropout: '' },
    cells: [],
    samples: '10',
    seed: '0',
    concurrency: '1',
    runOn: 'this-machine',
  };
}

/**
 * Parses "8, 16, 32" with the same checks a single run gets (whole numbers, ranges), so a value the sweep would
 * fail on is caught here. Returns the numbers or one message for the field.
 */
export function parseValues(param: NumericSweepParam, text: string): { values: number[] } | { error: string } {
  const label = SWEEP_PARAM_LABELS[param];
  const parts = text.split(/[,;\s]+/).map((part) => part.trim()).filter(Boolean);
  if (parts.length > MAX_VALUES) return { error: `${label}: at most ${MAX_VALUES} values` };
  const values: number[] = [];
  const schema = forecastConfigSchema.shape[param];
  for (const part of parts) {
    const value = Number(part);
    if (!Number.isFinite(value)) return { error: `${label}: "${part}" is not a number` };
    const checked = schema.safeParse(value);
    if (!checked.success) return { error: `${checked.error.issues[0]?.message ?? `${label} is out of range`} ("${part}")` };
    if (values.includes(value)) return { error: `${label}: ${part} is listed twice` };
    values.push(value);
  }
  return { values };
}

export function countCombinations(values: SweepValues): number {
  return Object.values(values).reduce((product, list) => product * (list?.length ?? 1), 1);
}

function wholeNumber(text: string, label: string, min: number, max: number): { value: number } | { error: string } {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value)) return { error: `${label} must be a whole number` };
  if (value < min || value > max) return { error: `${label} must be between ${min} and ${max}` };
  return { value };
}

export function planSweep(draft: SweepDraft, base: ForecastConfig): SweepPlan {
  const errors: SweepFieldErrors = {};
  const values: SweepValues = {};
  for (const param of NUMERIC_SWEEP_PARAMS) {
    const parsed = parseValues(param, draft.values[param]);
    if ('error' in parsed) errors[param] = parsed.error;
    else if (parsed.values.length > 0) values[param] = parsed.values;
  }
  if (draft.cells.length > 0) values.cell = [...draft.cells];

  const combinations = countCombinations(values);
  const varied = Object.keys(values).length > 0;
  if (!varied && Object.keys(errors).length === 0) errors.values = 'Give at least one setting more than the setup’s value: e.g. Hidden units 16, 32, 64';

  const name = draft.name.trim();
  if (!name) errors.name = 'Give the sweep a name';
  else if (name.length > 100) errors.name = 'Keep the name under 100 characters';

  const seed = wholeNumber(draft.seed, 'Seed', 0, 2 ** 31 - 1);
  if ('error' in seed) errors.seed = seed.error;
  const concurrency = wholeNumber(draft.concurrency, 'Runs at once', 1, 4);
  if ('error' in concurrency) errors.concurrency = concurrency.error;

  let runs = combinations;
  let samples: number | undefined;
  if (draft.mode === 'random') {
    const parsed = wholeNumber(draft.samples, 'Samples', 1, MAX_SWEEP_RUNS);
    if ('error' in parsed) errors.samples = parsed.error;
    else if (varied && parsed.value > combinations) {
      errors.samples = `Only ${combinations} combinations exist: ask for at most ${combinations}, or use grid`;
    } else {
      samples = parsed.value;
      runs = parsed.value;
    }
  } else if (combinations > MAX_SWEEP_RUNS) {
    errors.values = `${combinations} combinations is more than ${MAX_SWEEP_RUNS} runs: use fewer values, or random with samples`;
  }

  if (Object.keys(errors).length > 0 || 'error' in seed || 'error' in concurrency) return { spec: null, errors, combinations, runs };
  const spec: SweepSpec = { name, base, mode: draft.mode, values, seed: seed.value, concurrency: concurrency.value };
  if (samples !== undefined) spec.samples = samples;
  if (draft.runOn === 'workers') spec.runOn = 'workers';
  return { spec, errors, combinations, runs };
}
