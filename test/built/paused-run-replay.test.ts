// Runs in: vitest (Node) on the built trainer. What every host (browser mode on a socket's (re)connect, Electron on
// each page load) sends a page that missed a pause: a real run on the Szeged slice, paused, is reported as waiting
// paused; resumed or ended, it is not. And the import worker the window hosts keep warm starts only when built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { createService } from '../../main/backend/create-service';
import type { SeqlabService } from '../../main/backend/seqlab-service';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { importWorkerEntry } from '../../main/backend/paths';
import { warmImportWorker } from '../../main/backend/warm-import';
import { endWarmWorkers } from '../../main/core/dataset/worker-job';
import { SZEGED_SLICE, requireBuilt } from '../support/built';

const TEMP = 'Temperature (C)';
let dir: string;
let service: SeqlabService;
let store: AsyncRunLog;

describe('what a (re)loaded page is told about paused runs', () => {
  beforeAll(async () => {
    requireBuilt();
    dir = mkdtempSync(join(tmpdir(), 'seqlab-paused-replay-'));
    ({ service, store } = await createService({ dbPath: join(dir, 'runs.db'), dataDir: dir }));
  });
  afterAll(async () => {
    await service?.shutdown();
    await store?.close();
    await endWarmWorkers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names a run that waits paused, and no longer once it resumes or stops', async () => {
    expect(await service.pausedRunEvents()).toEqual([]);
    const summary = await service.importPath(SZEGED_SLICE);
    const { runId } = await service.startTraining({ ...FORECAST_DEFAULTS, datasetId: summary.id, target: TEMP, features: [TEMP], hiddenUnits: 8, epochs: 500 });
    await new Promise<void>((resolve, reject) =>
      service.onEvent((e) => {
        if (e.type === 'run-epoch' && e.runId === runId) resolve();
        if (e.type === 'run-finished' && e.runId === runId) reject(new Error(`run ${runId} ended before an epoch: ${e.error}`));
      }),
    );
    // Training, not paused: nothing to tell.
    expect(await service.pausedRunEvents()).toEqual([]);
    await service.pauseTraining(runId);
    expect(await service.pausedRunEvents()).toEqual([{ type: 'run-paused', runId, paused: true }]);
    await service.resumeTraining(runId);
    expect(await service.pausedRunEvents()).toEqual([]);
    await service.pauseTraining(runId);
    await service.stopTraining(runId);
    expect(await service.training.waitFor(runId)).toBe('stopped');
    expect(await service.pausedRunEvents()).toEqual([]);
  }, 120_000);

  it('warms the import worker only when the build has one', () => {
    expect(warmImportWorker(join(dir, 'no-such-worker.js'))).toBe(false);
    expect(warmImportWorker(importWorkerEntry())).toBe(true);
  });
});
