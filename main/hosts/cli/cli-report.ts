// Runs in: plain Node (CLI). What every `seqlab train` prints, whatever the task: progress on stderr, and the
// one-line JSON summary on stdout.
import { type SeqlabEvent } from '../../../shared/api/seqlab-api';
import { type RunConfig } from '../../../shared/model/config';
import { isForecastRun, type RunDetail } from '../../../shared/model/run';
import type { SeqlabService } from '../../backend/seqlab-service';
import { forecastJsonExtras } from './forecast-options';

let lastProgressLine = 0;

export function reportProgress(event: SeqlabEvent): void {
  if (event.type === 'run-started') console.error(`run ${event.runId}: training on the ${event.backend} backend`);
  if (event.type === 'run-epoch') {
    const { epoch, loss, valLoss, seconds } = event.epoch;
    console.error(`epoch ${epoch}: loss ${loss.toFixed(5)}  val_loss ${valLoss?.toFixed(5) ?? '-'}  (${seconds.toFixed(1)} s)`);
  }
  // The batch counter rewrites one line, which only makes sense on a terminal.
  if (event.type === 'run-progress' && process.stderr.isTTY && Date.now() - lastProgressLine > 500) {
    lastProgressLine = Date.now();
    process.stderr.write(`  epoch ${event.epoch} batch ${event.batch}/${event.batches}\r`);
  }
}

export function trainSummary(run: RunDetail) {
  return {
    runId: run.id,
    status: run.status,
    error: run.error,
    backend: run.backend,
    epochs: run.epochsRun,
    trainSeconds: run.trainSeconds,
    trainSamplesPerSecond: run.trainSamplesPerSecond,
    metrics: run.metrics ?? {},
    baselines: run.baselines ?? {},
    config: run.config,
    dataset: run.dataset,
    ...(isForecastRun(run) ? forecastJsonExtras(run) : {}),
  };
}

/** Train one validated config to the end (Ctrl+C asks for a cooperative stop), then print the result. Exit code 1
 * when the run failed. */
export async function trainAndReport(
  service: SeqlabService,
  config: RunConfig,
  options: { json: boolean; print: (run: RunDetail) => void },
): Promise<number> {
  const unsubscribe = service.onEvent(reportProgress);
  const { runId } = await service.startTraining(config);
  const stopOnSignal = () => void service.stopTraining(runId).catch(() => undefined);
  process.once('SIGINT', stopOnSignal);
  await service.training.waitFor(runId);
  unsubscribe();
  process.off('SIGINT', stopOnSignal);

  const run = await service.getRun(runId);
  if (options.json) console.log(JSON.stringify(trainSummary(run)));
  else {
    options.print(run);
    for (const note of run.metrics?.notes ?? []) console.log(`note: ${note}`);
  }
  if (run.status === 'failed') {
    console.error(`seqlab: run ${run.id} failed: ${run.error ?? 'unknown error'}`);
    return 1;
  }
  return 0;
}
