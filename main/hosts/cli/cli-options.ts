// Runs in: plain Node (CLI). Option parsing that every `seqlab train` task shares: the options themselves, and
// turning their strings into checked values with one clear message each (ranges are left to the zod schemas).
import type { ParseArgsConfig } from 'node:util';
import type { CellType } from '../../../shared/model/config';
import { UserError } from '../../../shared/util/errors';

/** Options every task's train command accepts; each task adds its own. */
export const COMMON_TRAIN_OPTIONS = {
  task: { type: 'string' },
  csv: { type: 'string' },
  cell: { type: 'string' },
  layers: { type: 'string' },
  hidden: { type: 'string' },
  bidirectional: { type: 'boolean' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  seed: { type: 'string' },
  split: { type: 'string' },
  backend: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

export type OptionValues = Record<string, string | boolean | undefined>;

const CELLS: Record<string, CellType> = { rnn: 'SimpleRNN', simplernn: 'SimpleRNN', gru: 'GRU', lstm: 'LSTM' };

export function cellOption(values: OptionValues, fallback: 'rnn' | 'gru' | 'lstm'): CellType {
  const cell = CELLS[String(values.cell ?? fallback).toLowerCase()];
  if (!cell) throw new UserError(`--cell must be rnn, gru or lstm, got "${String(values.cell)}".`);
  return cell;
}

export function numberOption(values: OptionValues, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) {
    throw new UserError(`--${name} must be a number, got "${String(raw)}".`);
  }
  return value;
}

export function splitOption(raw: unknown, fallback: { train: number; validation: number }): { train: number; validation: number } {
  if (raw === undefined) return fallback;
  const parts = String(raw).split(',').map(Number);
  if (parts.length !== 2 || parts.some((p) => !Number.isFinite(p) || p <= 0 || p >= 1) || parts[0] + parts[1] >= 1) {
    throw new UserError(`--split must be TRAIN,VALIDATION fractions leaving room for a test split, e.g. 0.7,0.15; got "${String(raw)}".`);
  }
  return { train: parts[0], validation: parts[1] };
}
