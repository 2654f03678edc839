// Runs in: trainer process (plain Node). Glue from a dataset file to a trained forecast: load, check, train, report.
import type { ManagerToTrainer, TrainerToManager } from '../../core/trainer-protocol';
import { loadRunDataset } from './run-dataset';
import { hooksReportingTo } from './job-hooks';
import { trainForecast } from '../train-forecast';
import { forecastSeriesFromDataset } from '../../core/forecast/series-from-dataset';
import type { ForecastConfig } from '../../../shared/model/config';
import { medianStepMs, preprocessingOf, saveForecastRun, type KeptForecastModel } from '../predict/forecast-preprocessing';

export type StartRequest = Extract<ManagerToTrainer, { type: 'start' }>;

export async function runForecastJob(
  request: StartRequest & { config: ForecastConfig },
  send: (message: TrainerToManager) => void,
  shouldStop: () => boolean,
): Promise<void> {
  const { config } = request;
  const dataset = await loadRunDataset(request);
  const series = forecastSeriesFromDataset(dataset, config);

  // Saving must never fail the run: on error the run simply has no model, and says why.
  let saved = false;
  let saveProblem: string | null = null;
  const save = async (kept: KeptForecastModel) => {
    try {
      const preprocessing = preprocessingOf(kept, {
        target: config.target,
        window: config.window,
        horizon: config.horizon,
        timeColumn: dataset.summary.timeColumn,
        stepMs: medianStepMs(dataset.time),
        frequency: dataset.summary.frequency,
        sentinels: config.sentinels ?? [],
        missing: config.missing ?? {},
      });
      await saveForecastRun(request.runDir, kept.model, preprocessing);
      saved = true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      saveProblem = `The model could not be saved (${reason}), so this run cannot forecast new files.`;
      console.error(`seqlab trainer: run ${request.runId}: ${saveProblem}`);
    }
  };

  const result = await trainForecast(series, config, hooksReportingTo(send, shouldStop), save, request.cores);
  if (saved) send({ type: 'model-saved' });
  send({
    type: 'result',
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
        missing: result.missing,
        timeGaps: result.timeGaps,
        notes: saveProblem ? [...result.findings, saveProblem] : result.findings,
        ...(result.conformal.length > 0 ? { conformal: result.conformal } : {}),
      },
      baselines: result.baselines,
      predictions: result.predictions,
    },
  });
}
