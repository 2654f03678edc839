// Runs in: main process (plain Node; pure). A sweep spec becomes the list of combinations it will run, each
// checked as a full run config before anything starts, so a bad value fails the sweep at once, not run 17 of 40.
import type { RunConfig } from '../../../shared/model/config';
import { UserError, isUserError } from '../../../shared/util/errors';
import { SWEEP_PARAMS, type SweepCombination, type SweepParam, type SweepSpec, type SweepValues } from '../../../shared/model/experiments';
import { describeZodError, runConfigSchema } from '../../../shared/model/run-config';
import { createRng } from '../../core/rng';

export type Combination = SweepCombination;

export interface Expansion {
  combinations: Combination[];
  /** Things the user should know, e.g. that fewer random samples exist than were asked for. */
  notes: string[];
}

const LABELS: Record<SweepParam, string> = {
  window: 'window',
  hiddenUnits: 'hidden units',
  layers: 'layers',
  cell: 'cell',
  learningRate: 'learning rate',
  dropout: 'dropout',
};

/** Partial Fisher-Yates over every index is cheap up to this many combinations; beyond it, draw and reject repeats. */
const SHUFFLE_LIMIT = 100_000;

/** The settings that vary, in SWEEP_PARAMS order. */
export function variedParams(values: SweepValues): SweepParam[] {
  return SWEEP_PARAMS.filter((param) => (values[param]?.length ?? 0) > 0);
}

/** Distinct values per varied setting: repeating a value would only repeat runs. */
function axes(values: SweepValues): { param: SweepParam; options: (number | string)[] }[] {
  return variedParams(values).map((param) => ({ param, options: [...new Set<number | string>(values[param]!)] }));
}

export function gridSize(values: SweepValues): number {
  return axes(values).reduce((size, axis) => size * axis.options.length, 1);
}

/** How many runs the spec plans: the whole grid, or the random draw capped at the grid's size. */
export function plannedCount(spec: Pick<SweepSpec, 'mode' | 'values' | 'samples'>): number {
  const size = gridSize(spec.values);
  return spec.mode === 'grid' ? size : Math.min(spec.samples ?? 0, size);
}

/** The index-th grid combination: mixed radix, the first setting (in SWEEP_PARAMS order) varying slowest. */
function combinationAt(index: number, grid: ReturnType<typeof axes>): Combination {
  const combination: Combination = {};
  for (let a = grid.length - 1; a >= 0; a--) {
    const { param, options } = grid[a];
    combination[param] = options[index % options.length];
    index = Math.floor(index / options.length);
  }
  // Keep keys in SWEEP_PARAMS order, so stored and printed combinations read the same way.
  return Object.fromEntries(grid.map(({ param }) => [param, combination[param]])) as Combination;
}

function randomIndices(size: number, count: number, seed: number): number[] {
  const random = createRng(seed);
  if (size <= SHUFFLE_LIMIT) {
    const order = Array.from({ length: size }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(random() * (size - i));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order.slice(0, count);
  }
  // count is at most 500 here, far below size, so repeats are rare.
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * size));
  return [...chosen];
}

export function expandSweep(spec: Pick<SweepSpec, 'mode' | 'values' | 'samples' | 'seed'>): Expansion {
  const grid = axes(spec.values);
  if (grid.length === 0) throw new UserError('Choose at least one setting to vary, with at least one value.');
  const size = gridSize(spec.values);
  if (spec.mode === 'grid') {
    return { combinations: Array.from({ length: size }, (_, i) => combinationAt(i, grid)), notes: [] };
  }
  if (spec.samples === undefined) {
    throw new UserError('A random sweep needs "samples": how many combinations to draw.');
  }
  const notes: string[] = [];
  const count = Math.min(spec.samples, size);
  if (spec.samples > size) {
    notes.push(`Only ${size} distinct combinations exist, so the sweep runs ${size}, not ${spec.samples}.`);
  }
  return { combinations: randomIndices(size, count, spec.seed).map((i) => combinationAt(i, grid)), notes };
}

/** "window 5, hidden units 8": how a combination is named in messages and CLI output. */
export function describeCombination(combination: Combination): string {
  return SWEEP_PARAMS.filter((p) => combination[p] !== undefined)
    .map((p) => `${LABELS[p]} ${combination[p]}`)
    .join(', ');
}

/** The sweep settings a run used. */
export function combinationOf(config: RunConfig, params: SweepParam[]): Combination {
  const settings = config as unknown as Record<string, number | string>;
  return Object.fromEntries(params.map((param) => [param, settings[param]])) as Combination;
}

/** Combinations whose every run was cut off (the app or its trainer died) and that are not queued again yet:
 * resuming runs them once more. */
export function interruptedCombinations(
  params: SweepParam[],
  runs: { status: string; config: RunConfig }[],
  pending: Combination[],
): Combination[] {
  const key = (combination: Combination) => JSON.stringify(combination);
  const covered = new Set([...pending.map(key), ...runs.filter((r) => r.status !== 'interrupted').map((r) => key(combinationOf(r.config, params)))]);
  const out: Combination[] = [];
  for (const run of runs.filter((r) => r.status === 'interrupted')) {
    const combination = combinationOf(run.config, params);
    if (!covered.has(key(combination))) out.push(combination);
    covered.add(key(combination));
  }
  return out;
}

export function applyCombination(base: RunConfig, combination: Combination): RunConfig {
  return { ...base, ...combination } as RunConfig;
}

/**
 * Every combination as a checked config. `checkData` adds the checks that need the dataset (window against the
 * rows, columns); whatever it throws is reported with the combination that caused it.
 */
export function sweepConfigs(base: RunConfig, combinations: Combination[], checkData?: (config: RunConfig) => void): RunConfig[] {
  if (base.task === 'text' && combinations.some((c) => c.window !== undefined)) {
    throw new UserError('Window applies to forecast runs only: remove "window" from the values of a text sweep.');
  }
  return combinations.map((combination) => {
    const parsed = runConfigSchema.safeParse(applyCombination(base, combination));
    if (!parsed.success) {
      throw new UserError(`The combination ${describeCombination(combination)} is not a valid run: ${describeZodError(parsed.error)}. Change the sweep's values.`);
    }
    try {
      checkData?.(parsed.data);
    } catch (error) {
      if (!isUserError(error)) throw error;
      throw new UserError(`The combination ${describeCombination(combination)} cannot run: ${error.message}`);
    }
    return parsed.data;
  });
}
