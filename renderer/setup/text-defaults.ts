// Runs in: renderer. Pure choices for the text form: which columns can hold the texts and the labels, which to pick
// first, and which task a freshly imported file most likely wants.
import type { TaskType } from '../../shared/model/config';
import type { DatasetSummary } from '../../shared/model/dataset';
import { MAX_CLASSES } from '../../shared/model/text-columns';

/** Columns of words: free text, or short category strings (a title can be classified too). */
export function textColumnCandidates(dataset: DatasetSummary): string[] {
  return dataset.columns.filter((c) => c.type === 'text' || c.type === 'category').map((c) => c.name);
}

/** A label has 2..MAX_CLASSES distinct values; numbers count (IMDB's 0/1 sentiment), dates and empty columns do not. */
export function labelColumnCandidates(dataset: DatasetSummary): string[] {
  return dataset.columns
    .filter((c) => c.type !== 'datetime' && c.type !== 'empty' && c.distinct >= 2 && c.distinct <= MAX_CLASSES)
    .map((c) => c.name);
}

/** The candidate with the longest cells in the preview rows: reviews beat ids and titles. */
export function defaultTextColumn(dataset: DatasetSummary): string {
  const candidates = textColumnCandidates(dataset);
  const meanLength = (name: string) => {
    const k = dataset.columns.findIndex((c) => c.name === name);
    const cells = dataset.previewRows.map((row) => row[k] ?? '');
    return cells.length ? cells.reduce((sum, cell) => sum + cell.length, 0) / cells.length : 0;
  };
  let best = '';
  for (const name of candidates) if (!best || meanLength(name) > meanLength(best)) best = name;
  return best;
}

const LABEL_NAME = /label|sentiment|class|category|target|spam|polarity|rating|y$/i;

/** A column named like a label wins; otherwise the first candidate that is not the text column. */
export function defaultLabelColumn(dataset: DatasetSummary, textColumn: string): string {
  const candidates = labelColumnCandidates(dataset).filter((name) => name !== textColumn);
  return candidates.find((name) => LABEL_NAME.test(name)) ?? candidates[0] ?? '';
}

/**
 * Text classification when the file has a text column and nothing that looks like a series to forecast: a numeric
 * column with no more distinct values than a label may have (IMDB's 0/1) is a label, not a forecast target.
 */
export function suggestTask(dataset: DatasetSummary): TaskType {
  const hasText = dataset.columns.some((c) => c.type === 'text');
  const hasSeries = dataset.columns.some((c) => c.type === 'number' && c.distinct > MAX_CLASSES);
  return hasText && !hasSeries && defaultLabelColumn(dataset, defaultTextColumn(dataset)) ? 'text' : 'forecast';
}
