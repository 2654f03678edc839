// Runs in: vitest (Node). Which task a freshly imported file suggests, and the text form's first column choices.
import { describe, expect, it } from 'vitest';
import type { ColumnSummary, DatasetSummary } from '../../shared/model/dataset';
import { defaultLabelColumn, defaultTextColumn, labelColumnCandidates, suggestTask, textColumnCandidates } from '../../renderer/setup/text-defaults';
import { IMDB } from '../support/fake-text';

function withColumns(columns: ColumnSummary[], previewRows: string[][]): DatasetSummary {
  return { ...IMDB, columns, previewRows };
}

describe('suggestTask', () => {
  it('picks text classification for reviews with a 0/1 label, forecasting once a real series is present', () => {
    expect(suggestTask(IMDB)).toBe('text');
    const withSeries = withColumns(
      [...IMDB.columns, { name: 'Temperature (C)', type: 'number', missing: 0, distinct: 250, min: -3, max: 31 }],
      IMDB.previewRows.map((row) => [...row, '12.5']),
    );
    expect(suggestTask(withSeries)).toBe('forecast');
  });

  it('stays on forecasting without a text column, or without anything to use as a label', () => {
    const noText = withColumns([{ name: 'sentiment', type: 'number', missing: 0, distinct: 2 }], [['1']]);
    expect(suggestTask(noText)).toBe('forecast');
    const noLabel = withColumns(
      [
        { name: 'id', type: 'text', missing: 0, distinct: 300 },
        { name: 'review', type: 'text', missing: 0, distinct: 300 },
      ],
      [['1_1', 'a long review of a film']],
    );
    expect(labelColumnCandidates(noLabel)).toEqual([]);
    expect(suggestTask(noLabel)).toBe('forecast');
  });
});

describe('column defaults', () => {
  it('takes the column with the longest cells as the text and a label-like name as the label', () => {
    expect(textColumnCandidates(IMDB)).toEqual(['id', 'review']);
    expect(defaultTextColumn(IMDB)).toBe('review');
    const spam = withColumns(
      [
        { name: 'count', type: 'number', missing: 0, distinct: 3 },
        { name: 'message', type: 'text', missing: 0, distinct: 500 },
        { name: 'class', type: 'category', missing: 0, distinct: 2 },
        { name: 'sent', type: 'datetime', missing: 0, distinct: 2 },
      ],
      [['1', 'Free entry in 2 a wkly comp to win FA Cup final tkts', 'spam', '2020-01-01']],
    );
    expect(labelColumnCandidates(spam)).toEqual(['count', 'class']);
    expect(defaultLabelColumn(spam, defaultTextColumn(spam))).toBe('class');
  });
});
