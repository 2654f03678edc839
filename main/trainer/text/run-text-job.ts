// Runs in: trainer process (plain Node). Glue from a dataset file to a trained text classifier: load, check, train, report.
import type { TextConfig } from '../../../shared/api';
import { loadDataset } from '../../services/dataset/load-dataset';
import { hooksReportingTo } from '../job-hooks';
import type { TrainerToManager } from '../protocol';
import type { StartRequest } from '../run-forecast-job';
import { trainText } from './train-text';
import { checkTextColumns } from '../../../shared/text-columns';

export async function runTextJob(
  request: StartRequest & { config: TextConfig },
  send: (message: TrainerToManager) => void,
  shouldStop: () => boolean,
): Promise<void> {
  const { config } = request;
  const dataset = await loadDataset(request.datasetPath, { fileName: request.datasetFileName });
  checkTextColumns(config, dataset.summary);

  const result = await trainText(
    { texts: dataset.strings(config.textColumn), labels: dataset.strings(config.labelColumn) },
    config,
    hooksReportingTo(send, shouldStop),
  );
  send({
    type: 'result',
    findings: result.findings,
    result: {
      status: result.status,
      backend: result.backend,
      trainSeconds: result.trainSeconds,
      trainSamplesPerSecond: result.trainSamplesPerSecond,
      metrics: result.metrics,
      baselines: result.baselines,
      predictions: null,
    },
  });
}
