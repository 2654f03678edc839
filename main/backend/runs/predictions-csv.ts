// Runs in: main process (plain Node). A forecast run's test predictions as the CSV the window's "Export predictions
// CSV" saves: one row per test step, and with prediction intervals a lower_<level>,upper_<level> pair per level.
import type { PredictionSeries } from '../../../shared/model/run';
import { percentName } from '../../../shared/model/interval-names';
import { toCsv } from '../../../shared/util/csv-write';

/** Without a time column the rows are numbered instead; residuals are computed for runs logged before they were kept. */
export function testPredictionsCsv(series: PredictionSeries): string {
  const { times, truth, predicted, persistence } = series;
  const residuals = series.residuals ?? truth.map((t, i) => t - predicted[i]);
  const bands = series.intervals ?? [];
  const header = [
    times ? 'time' : 'step',
    'truth',
    'predicted',
    'persistence',
    'residual',
    ...bands.flatMap((band) => [`lower_${percentName(band.level)}`, `upper_${percentName(band.level)}`]),
  ];
  return toCsv(
    header,
    truth.map((t, i) => [
      times ? new Date(times[i]).toISOString() : i + 1,
      t,
      predicted[i],
      persistence[i],
      residuals[i],
      ...bands.flatMap((band) => [band.lower[i], band.upper[i]]),
    ]),
  );
}
