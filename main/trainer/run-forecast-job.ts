// Runs in: trainer process (plain Node). Glue from a dataset file to a trained forecast: load, check, train, report.
import type { ManagerToTrainer, TrainerToManager } from './protocol';
import { loadDataset } from '../services/dataset/load-dataset';
import { hooksReportingTo } from './job-hooks';
import { trainForecast, type ForecastSeries } from './train-forecast';
import { UserError } from '../../shared/errors';
import type { ForecastConfig } from '../../shared/api';

export type StartRequest = Extract<ManagerToTrainer, { type: 'start' }>;

export async function runForecastJob(
  request: StartRequest & { config: ForecastConfig },
  send: (message: TrainerToManager) => void,
  shouldStop: () => boolean,
): Promise<void> {
  const { config } = request;
  const dataset = await loadDataset(request.datasetPath, { fileName: request.datasetFileName });
  const columns: ForecastSeries['columns'] = {};
  for (const name of new Set([config.target, ...config.features])) {
    const column = dataset.summary.columns.find((c) => c.name === name);
    if (!column) {
      throw new UserError(`Column "${name}" is not in ${dataset.summary.fileName}: choose one of its columns.`);
    }
    if (column.type !== 'number') {
      const role = name === config.target ? 'target' : 'input';
      throw new UserError(
        `Column "${name}" holds ${column.type} values, not numbers: choose a numeric ${role} column.`,
      );
    }
    columns[name] = dataset.numeric(name);
  }


  const result = await trainForecast({ columns, times: dataset.time, frequency: dataset.summary.frequency }, config, hooksReportingTo(send, shouldStop));
  send({
    type: 'result',
    findings: result.findings,
    result: {
      status: result.status,
      backend: result.backend,
      trainSeconds: result.trainSeconds,
      trainSamplesPerSecond: result.trainSamplesPerSecond,
      metrics: {
        ...result.metrics,
        skill: result.skill,
        seasonalPeriod: result.seasonalPeriod,
        bestEpoch: result.bestEpoch,
        stoppedEarly: result.stoppedEarly,
      },
      baselines: result.baselines,
      predictions: result.predictions,
    },
  });
}
