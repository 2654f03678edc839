// Runs in: vitest (Node). Paths to the built bundles that tests start as real processes (npm test builds first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const TRAINER_ENTRY = join(ROOT, 'dist', 'main', 'trainer.js');
export const CLI = join(ROOT, 'bin', 'seqlab.js');
export const SZEGED_SLICE = join(ROOT, 'test', 'fixtures', 'szeged-3000.csv');

export function requireBuilt(): void {
  if (!existsSync(TRAINER_ENTRY)) throw new Error('dist/ is not built: run `npm run build` first (npm test does).');
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the `seqlab` command as a user would: a real process. */
export function seqlab(...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A bad input must end with a non-zero exit and one clear message, never a stack trace. */
export function expectCleanFailure(result: CliResult, message: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}
