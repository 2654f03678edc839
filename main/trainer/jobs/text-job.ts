// Runs in: trainer process (plain Node). Glue from a dataset file to a trained text classifier: load, check, train,
// save the kept model and its views in the run's folder, report.
import type { TextConfig } from '../../../shared/model/config';
import { loadRunDataset } from './run-dataset';
import { hooksReportingTo } from './job-hooks';
import type { TrainerToManager } from '../../core/trainer-protocol';
import type { StartRequest } from './forecast-job';
import { trainText } from '../text/train-text';
import { saveTextRun } from '../text/save-text-run';
import { checkTextColumns } from '../../../shared/model/text-columns';

export async function runTextJob(
  request: StartRequest & { config: TextConfig },
  send: (message: TrainerToManager) => void,
  shouldStop: () => boolean,
): Promise<void> {
  const { config } = request;
  const dataset = await loadRunDataset(request);
  checkTextColumns(config, dataset.summary);

  const texts = dataset.strings(config.textColumn);
  let saved = { modelSaved: false, problems: [] as string[] };
  const result = await trainText(
    { texts, labels: dataset.strings(config.labelColumn) },
    config,
    hooksReportingTo(send, shouldStop),
    async (kept) => {
      saved = await saveTextRun(request.runDir, kept, config, texts);
    },
    request.cores,
  );
  if (saved.modelSaved) send({ type: 'model-saved' });
  send({
    type: 'result',
    result: {
      status: result.status,
      backend: result.backend,
      trainSeconds: result.trainSeconds,
      trainSamplesPerSecond: result.trainSamplesPerSecond,
      metrics: {
        ...result.metrics,
        bestEpoch: result.bestEpoch,
        stoppedEarly: result.stoppedEarly,
        notes: [...result.findings, ...saved.problems],
      },
      baselines: result.baselines,
      predictions: null,
    },
  });
}
