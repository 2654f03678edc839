// Runs in: main process (plain Node). "Run again": the same settings on the same data, and, once the new run
// ends, whether it reproduced the original.
import type { RunConfig } from '../../../shared/model/config';
import { UserError } from '../../../shared/util/errors';
import { describeZodError, runConfigSchema } from '../../../shared/model/run-config';
import type { AsyncRunLog } from '../run-log/async-run-log';
import type { RunOrigin } from '../training/start-run';
import { findDataset, type DatasetSource } from './find-dataset';
import { reproductionOf } from './reproduction';

export interface RerunDeps {
  store: AsyncRunLog;
  datasets: DatasetSource;
  startTraining(config: RunConfig, origin: RunOrigin): Promise<{ runId: number }>;
}

export async function rerun(deps: RerunDeps, runId: number): Promise<{ runId: number }> {
  const { store } = deps;
  const original = await store.getSummary(runId);
  if (original.status === 'running' || original.status === 'queued') {
    throw new UserError(`Run ${runId} has not finished training: wait for it to end, then run it again.`);
  }
  const { provenance } = original;
  const summary = await findDataset(deps.datasets, original.dataset, [provenance?.datasetPath], 'then press Run again', provenance?.importOptions);
  // Older runs may lack fields added since; the schema fills their defaults, which is what they ran with.
  const parsed = runConfigSchema.safeParse({ ...original.config, datasetId: summary.id });
  if (!parsed.success) {
    throw new UserError(`Run ${runId}'s settings are no longer valid (${describeZodError(parsed.error)}): start a new run with corrected settings.`);
  }
  return deps.startTraining(parsed.data, {
    rerunOf: runId,
    // Before run-finished goes out, so whoever refreshes on that event already sees the verdict.
    onFinished: async (newRunId) => store.setReproduction(newRunId, reproductionOf(await store.getSummary(runId), await store.getSummary(newRunId))),
  });
}
