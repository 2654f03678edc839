// Runs in: renderer. What the classification table shows: the model beside its two baselines, and a sentence that
// says plainly which one wins.
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

/** "The bag-of-words baseline beats the model on test accuracy (0.84 vs 0.71)." or the model's win. */
export function verdict(run: TextRunSummary, format: (value: number) => string): string | null {
  const model = run.metrics?.test?.accuracy;
  const bow = run.baselines?.bagOfWords?.accuracy;
  const majority = run.baselines?.majority?.accuracy;
  if (model === undefined || bow === undefined || majority === undefined) return null;
  if (model <= majority) {
    return `The model is no better than always answering the majority class (test accuracy ${format(model)} vs ${format(majority)}).`;
  }
  if (bow > model) {
    return `The bag-of-words baseline beats the model on test accuracy (${format(bow)} vs ${format(model)}).`;
  }
  return `The model beats both baselines on test accuracy (${format(model)} vs bag of words ${format(bow)}).`;
}
