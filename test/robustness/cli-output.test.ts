// Runs in: vitest (Node). Issue 12, item 14: `seqlab compare 1 2 --json | wc -c` printed 65,536 of 87,521 bytes: the
// CLI called process.exit before stdout had drained into the pipe. Here through a real pipe whose reader starts late
// (as a busy `jq` would), so the pipe fills and the rest must wait in the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { CLI, requireBuilt } from '../support/built';

let dir: string;
let db: string;

beforeAll(async () => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-cli-pipe-'));
  db = join(dir, 'runs.db');
  const log = await openRunLog(db);
  try {
    const dataset = { fileName: 'weather.csv', sizeBytes: 1234, sha256: 'ab'.repeat(32), rowsUsed: 5000 };
    const times = Array.from({ length: 1500 }, (_, i) => Date.UTC(2016, 0, 1, i));
    for (const cell of ['GRU', 'LSTM'] as const) {
      const id = await log.createRun({ ...FORECAST_DEFAULTS, datasetId: dataset.sha256, target: 'T', features: ['T'], cell }, dataset);
      for (let epoch = 1; epoch <= 300; epoch++) await log.addEpoch(id, { epoch, loss: 1 / epoch + Math.random() * 1e-3, valLoss: 1.1 / epoch, seconds: 0.25 });
      const truth = times.map((_, i) => Math.sin(i / 24) * 10 + 5);
      const predicted = truth.map((value) => value + Math.random() - 0.5);
      await log.finishRun(id, {
        status: 'completed',
        backend: 'wasm',
        trainSeconds: 75,
        trainSamplesPerSecond: 1000,
        metrics: { test: { mae: 0.25, rmse: 0.3, mape: 4 } },
        baselines: { persistence: { mae: 0.5, rmse: 0.6, mape: 8 } },
        predictions: { times, truth, predicted, persistence: [truth[0], ...truth.slice(0, -1)], residuals: truth.map((t, i) => t - predicted[i]) },
      });
    }
  } finally {
    await log.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with stdout into a pipe that is not read for `lateMs`, then read to the end. */
function throughPipe(args: string[], lateMs: number): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.pause();
    setTimeout(() => {
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.stdout.resume();
    }, lateMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }));
  });
}

describe('--json through a pipe', () => {
  it('prints the whole compare JSON (well over the 64 KiB a pipe holds) when the reader is slow', async () => {
    const args = ['compare', '1', '2', '--db', db, '--json'];
    // Into a file, writes are synchronous: the whole output, to compare with.
    const file = join(dir, 'compare.json');
    const fd = openSync(file, 'w');
    spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', fd, 'inherit'] });
    closeSync(fd);
    const whole = readFileSync(file);
    expect(whole.length).toBeGreaterThan(2 * 65_536);

    const { code, stdout, stderr } = await throughPipe(args, 1500);
    expect(code, stderr).toBe(0);
    expect(stdout.length).toBe(whole.length);
    const comparison = JSON.parse(stdout.toString('utf8')) as { runs: unknown[]; differingSettings: string[] };
    expect(comparison.runs).toHaveLength(2);
    expect(comparison.differingSettings).toContain('cell');
  });

  it('keeps the exit code of a failure, with its message on stderr', async () => {
    const { code, stderr } = await throughPipe(['compare', '1', '9', '--db', db, '--json'], 100);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/^seqlab: .*9/);
  });
});
