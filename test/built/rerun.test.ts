// Runs in: vitest (Node). "Run again": a real rerun in a new process reproduces its original exactly; a rerun
// whose file changed or moved says so; the verdict names what differed.
import { describe, expect, it } from 'vitest';
import { appendFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { SeqlabEvent } from '../../shared/api/seqlab-api';
import type { ForecastConfig } from '../../shared/model/config';
import type { ForecastRunSummary } from '../../shared/model/run';
import { runProvenance } from '../../main/backend/training/provenance';
import { fileSha256 } from '../../main/backend/experiments/find-dataset';
import { reproductionOf } from '../../main/backend/experiments/reproduction';
import { tinyAirlineConfig, useAirlineService } from '../support/airline-service';

const fx = useAirlineService('seqlab-rerun-');

function tinyConfig(datasetId: string): ForecastConfig {
  return { ...tinyAirlineConfig(datasetId), seed: 5 };
}

describe('rerun with real trainers', () => {
  it('runs the same settings on the same data in a new process and reports an exact match', async () => {
    const first = await fx.open();
    const summary = await first.service.importPath(fx.csv);
    const { runId: original } = await first.service.startTraining(tinyConfig(summary.id));
    expect(await first.service.training.waitFor(original)).toBe('completed');
    await first.service.shutdown();
    await first.store.close();

    // No dataset loaded here: the rerun finds the file through the original's provenance.
    const second = await fx.open();
    const events: SeqlabEvent[] = [];
    // Read as the event goes out (the log answers its queries in the order they are asked).
    let verdictAtFinish: Promise<unknown> | undefined;
    second.service.onEvent((event) => {
      events.push(event);
      if (event.type === 'run-finished') verdictAtFinish = second.store.getSummary(event.runId).then((run) => run.reproduction);
    });
    const { runId } = await second.service.rerun(original);
    expect(await second.service.training.waitFor(runId)).toBe('completed');
    const rerun = (await second.service.getRun(runId)) as ForecastRunSummary;
    expect(rerun.rerunOf).toBe(original);
    expect(rerun.reproduction).toEqual({ ofRunId: original, matched: true, message: `Matches run ${original} exactly` });
    // Stored before run-finished went out, so the UI's refresh on that event sees it.
    expect(await verdictAtFinish).toEqual(rerun.reproduction);
    const before = (await second.store.getSummary(original)) as ForecastRunSummary;
    expect(rerun.metrics?.test?.mae).toBe(before.metrics?.test?.mae);
    expect(rerun.backend).toBe(before.backend);
    expect(rerun.provenance?.datasetPath).toBe(fx.csv);
  });

  it('says when the file changed or moved since the run', async () => {
    const { service, store } = await fx.open();
    // A logged run that recorded where its data was (no training needed to test finding the data).
    const sha256 = await fileSha256(fx.csv);
    const runId = await store.createRun(tinyConfig(sha256), { fileName: 'airline.csv', sizeBytes: 1, sha256, rowsUsed: 144 });
    await store.setRunOrigin(runId, { provenance: runProvenance(fx.csv) });
    await store.failRun(runId, 'ended for the test', 'stopped');

    appendFileSync(fx.csv, '"1961-01",500\n');
    await expect(service.rerun(runId)).rejects.toThrow(
      `The data airline.csv cannot be found as it was: ${fx.csv} has changed since (its contents differ). Import the original file again, then press Run again.`,
    );
    renameSync(fx.csv, join(fx.dir, 'elsewhere.csv'));
    await expect(service.rerun(runId)).rejects.toThrow(`${fx.csv} is no longer there (moved or deleted)`);
    await expect(service.rerun(999)).rejects.toThrow(/Run 999 is not in the run log/);
  });
});

describe('reproduction verdicts', () => {
  const base = {
    id: 7,
    status: 'completed',
    error: null,
    config: tinyConfig('a'.repeat(64)),
    dataset: { fileName: 'a.csv', sizeBytes: 10, sha256: 'a'.repeat(64), rowsUsed: 144 },
    backend: 'wasm',
    provenance: runProvenance('/data/a.csv'),
    metrics: { test: { mae: 0.71312, rmse: 1.2, mape: 3 } },
  } as unknown as ForecastRunSummary;

  it('matches within 1e-6 and names each difference otherwise', () => {
    const same = { ...base, id: 8, metrics: { test: { mae: 0.7131205, rmse: 1.2, mape: 3 } } } as ForecastRunSummary;
    expect(reproductionOf(base, same)).toEqual({ ofRunId: 7, matched: true, message: 'Matches run 7 exactly' });
    const other = {
      ...base,
      id: 9,
      backend: 'cpu',
      config: { ...base.config, seed: 6 },
      provenance: { ...base.provenance!, tfjsVersion: '9.9.9' },
      metrics: { test: { mae: 0.71291, rmse: 1.2, mape: 3 } },
    } as ForecastRunSummary;
    expect(reproductionOf(base, other)).toEqual({
      ofRunId: 7,
      matched: false,
      message: 'Seed differs: 5 vs 6; Backend differs: wasm vs cpu; TensorFlow.js version differs: 4.22.0 vs 9.9.9; Test MAE 0.7131 vs 0.7129',
    });
    const readOtherwise = { ...base, id: 11, provenance: runProvenance('/data/a.csv', { dateOrder: 'mdy' }) } as ForecastRunSummary;
    const readDayFirst = { ...base, provenance: runProvenance('/data/a.csv', { dateOrder: 'dmy' }) } as ForecastRunSummary;
    expect(reproductionOf(readDayFirst, readOtherwise).message).toBe('Import options differ: {"dateOrder":"dmy"} vs {"dateOrder":"mdy"}');
    const failed = { ...base, id: 10, status: 'failed', error: 'out of memory' } as ForecastRunSummary;
    expect(reproductionOf(base, failed).message).toBe('The rerun failed (out of memory), so it cannot reproduce run 7');
  });
});
