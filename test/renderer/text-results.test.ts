// Runs in: vitest (jsdom). A text-classification run opened in the app: its metrics beside the majority class and
// the bag-of-words baseline, per-class scores, the confusion matrix, and no predictions chart.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ClassificationMetrics } from '../../shared/model/metrics';
import type { TextRunDetail } from '../../shared/model/run';
import { TEXT_DEFAULTS } from '../../shared/model/run-config';
import { makeRun, configFor } from '../support/fake-api';
import { renderApp } from '../support/render-app';

function scores(accuracy: number, confusion: number[][], rocAuc: number | null): ClassificationMetrics {
  return {
    accuracy,
    f1: accuracy - 0.01,
    perClass: [
      { precision: 0.7, recall: 0.75, f1: 0.724, support: confusion[0][0] + confusion[0][1] },
      { precision: 0.72, recall: 0.67, f1: 0.694, support: confusion[1][0] + confusion[1][1] },
    ],
    rocAuc,
    confusion,
    classNames: ['neg', 'pos'],
  };
}

function textRun(id: number): TextRunDetail {
  const base = makeRun(id, configFor());
  return {
    ...base,
    config: { ...TEXT_DEFAULTS, datasetId: base.config.datasetId, textColumn: 'review', labelColumn: 'sentiment' },
    dataset: { ...base.dataset, fileName: 'imdb-300.csv' },
    metrics: { validation: scores(0.7, [[27, 10], [12, 26]], 0.77), test: scores(0.71, [[28, 9], [13, 25]], 0.78) },
    baselines: { majority: scores(0.5067, [[38, 0], [37, 0]], 0.5), bagOfWords: scores(0.84, [[33, 4], [8, 30]], 0.91) },
    predictions: null,
  };
}

describe('text run results', () => {
  it('shows accuracy and F1 beside the majority class and bag of words, says which wins, and the confusion matrix', async () => {
    renderApp([makeRun(1, configFor()), textRun(2)]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 2' }));
    const table = await screen.findByRole('table', { name: /Classification metrics/ });
    const rows = within(table).getAllByRole('row').map((row) => within(row).queryAllByRole('cell').map((c) => c.textContent));
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Metric', 'Model, validation', 'Model, test', 'Majority class', 'Bag of words',
    ]);
    expect(rows[1]).toEqual(['0.7', '0.71', '0.5067', '0.84']);
    expect(rows[3]).toEqual(['0.77', '0.78', '0.5', '0.91']);
    // The same verdict as a forecast's: against the best baseline, in words and in the same colours.
    const verdict = screen.getByText('Model: Worse than the best baseline, bag of words: test accuracy 0.71 vs 0.84.');
    expect(verdict.classList.contains('verdict-worse')).toBe(true);

    const confusion = screen.getByRole('table', { name: /confusion matrix/ });
    const counts = within(confusion).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((c) => c.textContent));
    expect(counts).toEqual([['28', '9'], ['13', '25']]);
    const perClass = screen.getByRole('table', { name: 'Test scores per class' });
    expect(within(perClass).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['neg', 'pos']);
    expect(screen.queryByRole('img', { name: 'Predictions chart' })).toBeNull();
    expect(screen.getByText(/Embedding 64 → LSTM 1×64 · max length 200 · sentiment from review/)).toBeTruthy();
  });

  it('shows a forecast run without the classification table', async () => {
    renderApp([makeRun(1, configFor()), textRun(2)]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 1' }));
    expect(await screen.findByRole('table', { name: /Metrics/ })).toBeTruthy();
    expect(screen.queryByRole('table', { name: /Classification metrics/ })).toBeNull();
  });
});
