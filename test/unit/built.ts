// Runs in: vitest (Node). Paths to the built bundles that tests start as real processes (npm test builds first).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const TRAINER_ENTRY = join(ROOT, 'dist', 'main', 'trainer.js');
export const CLI = join(ROOT, 'bin', 'seqlab.js');
export const SZEGED_SLICE = join(ROOT, 'test', 'fixtures', 'szeged-3000.csv');

export function requireBuilt(): void {
  if (!existsSync(TRAINER_ENTRY)) throw new Error('dist/ is not built: run `npm run build` first (npm test does).');
}
