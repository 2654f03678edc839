// Runs in: main process (plain Node). Starting a run on a loaded dataset: the API's startTraining, and sweeps and
// reruns, which also record where the run comes from.
import type { RunConfig } from '../../../shared/model/config';
import type { BackendContext } from '../context';
import { checkAgainstData } from '../datasets/check-against-data';
import { runProvenance } from './provenance';
import type { RunHooks } from './training-manager';

/** Where a run comes from, recorded with it when it is created (issue 4). */
export interface RunOrigin extends RunHooks {
  sweepId?: number;
  rerunOf?: number;
}

export async function startRun(ctx: BackendContext, config: RunConfig, origin: RunOrigin = {}): Promise<{ runId: number }> {
  const dataset = ctx.datasets.require(config.datasetId, 'import the CSV again, then press Train');
  checkAgainstData(config, dataset.summary);
  const { summary } = dataset;
  const provenance = runProvenance(dataset.path, summary.importOptions);
  const { sweepId, rerunOf, ...hooks } = origin;
  const runId = await ctx.training.start(
    config,
    {
      path: dataset.path,
      fingerprint: { fileName: summary.fileName, sizeBytes: summary.sizeBytes, sha256: summary.sha256, rowsUsed: summary.rowsUsed },
      importOptions: summary.importOptions,
    },
    {
      ...hooks,
      onCreated: async (id, log) => {
        await log.setRunOrigin(id, { provenance, sweepId, rerunOf });
        await hooks.onCreated?.(id, log);
      },
    },
  );
  return { runId };
}
