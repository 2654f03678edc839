// Runs in: renderer. What the classification table shows: the model beside its two baselines (the verdict on which
// wins is ui/verdict.ts, the same for every task).
import type { ClassificationMetrics } from '../../shared/model/metrics';
import type { TextRunSummary } from '../../shared/model/run';

export interface ScoredColumn {
  label: string;
  metrics: ClassificationMetrics;
}

export function scoredColumns(run: TextRunSummary): ScoredColumn[] {
  const columns: ScoredColumn[] = [];
  if (run.metrics?.validation) columns.push({ label: 'Model, validation', metrics: run.metrics.validation });
  if (run.metrics?.test) columns.push({ label: 'Model, test', metrics: run.metrics.test });
  if (run.baselines?.majority) columns.push({ label: 'Majority class', metrics: run.baselines.majority });
  if (run.baselines?.bagOfWords) columns.push({ label: 'Bag of words', metrics: run.baselines.bagOfWords });
  return columns;
}
