// Runs in: main process (plain Node). Everything the compare view needs for 2-10 runs, read in one transaction.
import { UserError } from '../../../shared/util/errors';
import { COMPARE_MAX_POINTS, MAX_COMPARE, MIN_COMPARE, diffSettings, type RunComparison } from '../../../shared/model/run-log';
import type { RunSummary } from '../../../shared/model/run';
import type { AsyncRunLog } from '../run-log/async-run-log';

export async function compareRuns(store: AsyncRunLog, runIds: number[]): Promise<RunComparison> {
  const ids = [...new Set(runIds)];
  if (ids.length < MIN_COMPARE || ids.length > MAX_COMPARE) {
    throw new UserError(`Compare needs ${MIN_COMPARE} to ${MAX_COMPARE} different runs; ${ids.length} given. Select between 2 and 10 runs.`);
  }
  return store.readTransaction(async (log) => {
    const runs: RunComparison['runs'] = [];
    for (const id of ids) runs.push({ run: await log.getSummary(id), epochs: await log.getEpochs(id) });
    const { all, differing } = diffSettings(runs.map(({ run }) => run.config));
    const stored = new Set<number>();
    for (const { run } of runs) if (await log.hasPredictions(run.id)) stored.add(run.id);
    const why = whyNotComparable(runs.map(({ run }) => run), (id) => stored.has(id));
    let predictions: RunComparison['predictions'] = null;
    if (why === null) {
      predictions = [];
      for (const { run } of runs) predictions.push({ runId: run.id, series: (await log.getPredictions(run.id, COMPARE_MAX_POINTS))! });
    }
    return { runs, differingSettings: differing, allSettings: all, predictions, predictionsNote: why };
  });
}

/** Predictions overlay only when every run scored the same test rows of the same data. */
function whyNotComparable(runs: RunSummary[], hasPredictions: (id: number) => boolean): string | null {
  const [first] = runs;
  if (runs.some((run) => run.dataset.sha256 !== first.dataset.sha256)) return 'The runs used different data, so their predictions are not shown together.';
  const sameSplit = runs.every(
    (run) => run.config.split.train === first.config.split.train && run.config.split.validation === first.config.split.validation,
  );
  if (!sameSplit) return 'The runs tested on different rows (their splits differ), so their predictions are not shown together.';
  const missing = runs.filter((run) => !hasPredictions(run.id)).map((run) => run.id);
  if (missing.length) return `Run ${missing.join(', ')} has no stored predictions (not finished, or not a forecast).`;
  return null;
}
