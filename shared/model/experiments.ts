// Runs in: renderer and main (types + pure helpers). Issue 4's contract: sweeps, reruns and run bundles.
import type { CellType, RunConfig } from './config';
import type { RunSummary } from './run';

/** Settings a sweep may vary. Each applies to forecast and text runs alike (window: forecast only). */
export const SWEEP_PARAMS = ['window', 'hiddenUnits', 'layers', 'cell', 'learningRate', 'dropout'] as const;
export type SweepParam = (typeof SWEEP_PARAMS)[number];

/** The settings one run of a sweep overrides on its base. */
export type SweepCombination = Partial<Record<SweepParam, number | string>>;

export interface SweepValues {
  window?: number[];
  hiddenUnits?: number[];
  layers?: number[];
  cell?: CellType[];
  learningRate?: number[];
  dropout?: number[];
}

export interface SweepSpec {
  name: string;
  /** Every run starts from these settings (its dataset must be loaded); the sweep overrides the varied ones. */
  base: RunConfig;
  /** grid: every combination; random: `samples` distinct combinations drawn with `seed`. */
  mode: 'grid' | 'random';
  values: SweepValues;
  /** Random mode only: how many combinations to draw (at most the grid's size). */
  samples?: number;
  seed: number;
  /** Runs of this sweep training at once (1-4; the machine has 2 cores). On workers, each worker's own
   * --concurrency decides instead. */
  concurrency: number;
  /** Where the trials train: in this app's trainers (the default), or on `seqlab worker`s through the queue the
   * app is connected to. */
  runOn?: 'this-machine' | 'workers';
}

export type SweepStatus = 'running' | 'stopped' | 'completed';

export interface SweepSummary {
  id: number;
  name: string;
  createdAt: string;
  status: SweepStatus;
  mode: 'grid' | 'random';
  concurrency: number;
  /** Combinations planned. */
  total: number;
  /** Runs that ended (completed, stopped or failed). */
  finished: number;
  running: number;
  /** Combinations not started yet (resume starts them). */
  pending: number;
  /** Which settings vary, in SWEEP_PARAMS order. */
  params: SweepParam[];
}

export interface SweepDetail extends SweepSummary {
  spec: SweepSpec;
  /** The sweep's runs ranked best first: lowest best validation loss; runs without one last. */
  runs: RunSummary[];
  /** The combinations still to run, as the settings they set. */
  pendingCombinations: SweepCombination[];
  /** A sweep on workers: which worker has or had each trial, and its last epoch as the queue reported it. */
  trials?: SweepTrial[];
}

/** One trial of a sweep run on workers, as the window shows it. */
export interface SweepTrial {
  runId: number;
  /** The worker of the trial's latest execution; null while it waits in the queue. */
  worker: string | null;
  /** Attempts so far (a worker killed mid-trial leaves one behind, and another worker takes the trial up). */
  executions: number;
  /** The last epoch a worker reported through the queue while this window watched; null before the first. */
  epoch: number | null;
  epochs: number;
  loss: number | null;
  valLoss: number | null;
}

/** Whether this app hands sweeps to workers, and through which queue (its URL without a password). */
export interface QueueInfo {
  connected: boolean;
  where: string | null;
}



/** One file of a run bundle: text files as text, binary ones (model weights, PNG) as base64. */
export interface BundleFile {
  path: string;
  text?: string;
  base64?: string;
}

/** A run as portable files: run.json, epochs.csv, predictions.csv, model/model.json, model/weights.bin, and charts/*.png when exported from the window. */
export interface RunBundle {
  format: 'seqlab-run-bundle';
  version: 1;
  files: BundleFile[];
}
