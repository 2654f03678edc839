// Runs in: vitest (Node). Runs training at once share the cores (core-shares.ts), with real trainer processes: on a
// machine of two cores, two 'auto' runs started together train on two threads and one thread (not two each), and a
// run started after both ended gets both cores again. Each run says in its notes how many threads it computed on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ForecastConfig } from '../../shared/model/config';
import type { TrainerToManager } from '../../main/core/trainer-protocol';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { loadDataset } from '../../main/core/dataset/load-dataset';
import { CoreShares } from '../../main/backend/training/core-shares';
import { forkTrainerLauncher, type TrainerLauncher } from '../../main/backend/training/trainer-launcher';
import { SZEGED_SLICE, TRAINER_ENTRY, requireBuilt } from '../support/built';

let dir: string;
let config: ForecastConfig;
let fingerprint: { fileName: string; sha256: string };

beforeAll(async () => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-cores-'));
  const { summary } = await loadDataset(SZEGED_SLICE);
  fingerprint = { fileName: summary.fileName, sha256: summary.sha256 };
  // Batches of 64 split into shares of 32, and an LSTM 32 at window 24 (about 19 million multiply-adds a batch):
  // big enough that 'auto' uses every core it is given (a smaller model keeps to one thread, kernel-threads.ts).
  config = {
    ...FORECAST_DEFAULTS, datasetId: summary.id, target: 'Temperature (C)', features: ['Temperature (C)'],
    cell: 'LSTM', window: 24, hiddenUnits: 32, epochs: 2, backend: 'cpu', threads: 'auto',
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts a run in a real trainer process; resolves with the note that says what computed it, once it has exited. */
function train(launch: TrainerLauncher, runId: number): { started: Promise<void>; note: Promise<string> } {
  const handle = launch();
  let note = '';
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  handle.onMessage((message: TrainerToManager) => {
    if (message.type === 'backend') markStarted();
    if (message.type === 'result') note = message.result.metrics.notes?.find((n) => n.startsWith('Computed')) ?? '';
    if (message.type === 'error') note = `error: ${message.message}`;
  });
  const ended = new Promise<string>((resolve) => handle.onExit(() => resolve(note)));
  handle.send({
    type: 'start', runId, datasetPath: SZEGED_SLICE, datasetFileName: fingerprint.fileName, datasetSha256: fingerprint.sha256,
    config, runDir: join(dir, `run-${runId}`),
  });
  return { started, note: ended };
}

describe("'auto' threads share the cores among runs training at once", () => {
  it('two runs together on two cores: two threads and one; the next run alone: two again', async () => {
    const launch = forkTrainerLauncher(TRAINER_ENTRY, new CoreShares(2));
    const first = train(launch, 1);
    const second = train(launch, 2);
    await Promise.all([first.started, second.started]);
    expect(await first.note).toMatch(/on 2 threads/);
    expect(await second.note).toMatch(/on one thread/);
    expect(await train(launch, 3).note).toMatch(/on 2 threads/);
  }, 180_000);
});
