// Runs in: vitest (jsdom). A finished text run's tools: the embedding projector (PCA view, before/after, nearest
// neighbours), Try it on a typed text, and classifying the loaded file with a CSV download.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TextPredictionsFromCsv } from '../../shared/model/inference';
import { toCsv } from '../../shared/util/csv-write';
import { pca2d } from '../../renderer/text/pca';
import { formatMetric } from '../../renderer/ui/format';
import { CORPUS, IMDB, classifyByWords, embeddingSnapshot, makeTextRun, textConfigFor } from '../support/fake-text';
import { renderApp } from '../support/render-app';
import { importText } from '../support/text-helpers';

/** Cosine similarity written out here, independently of the projector's module. */
function cosineRanking(vectors: number[][], words: string[], word: string): { word: string; score: number }[] {
  const q = vectors[words.indexOf(word)];
  const norm = (v: number[]) => Math.hypot(...v);
  return words
    .map((w, i) => ({ word: w, score: vectors[i].reduce((s, x, j) => s + x * q[j], 0) / (norm(vectors[i]) * norm(q)) }))
    .filter((n) => n.word !== word)
    .sort((a, b) => b.score - a.score);
}

async function openRun(runId: number): Promise<void> {
  await fireEvent.click(await screen.findByRole('button', { name: `Open run ${runId}` }));
  await screen.findByRole('table', { name: /Classification metrics/ });
}

afterEach(() => vi.restoreAllMocks());

describe('embedding projector', () => {
  it('projects the vectors after and before training, and lists a word\'s nearest neighbours', async () => {
    const fake = renderApp([makeTextRun(1, textConfigFor())]);
    const snapshot = embeddingSnapshot();
    fake.api.getEmbedding.mockImplementation(async () => snapshot);
    await openRun(1);
    await fireEvent.click(screen.getByRole('button', { name: 'Open embedding projector' }));
    expect(fake.api.getEmbedding).toHaveBeenCalledWith(1);
    const kept = (share: number) => `${Math.round(share * 1000) / 10}%`;
    expect(await screen.findByText(new RegExp(`8 most frequent words, 3 dimensions, after training; PCA keeps ${kept(pca2d(snapshot.after).explained)}`))).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Embedding projection' })).toBeTruthy();

    await fireEvent.input(screen.getByRole('searchbox', { name: 'Word' }), { target: { value: 'Great' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Find neighbours' }));
    let table = await screen.findByRole('table', { name: 'Nearest neighbours of "great" after training' });
    const rows = () => within(table).getAllByRole('row').slice(1).map((row) => [...row.children].map((c) => c.textContent));
    const after = cosineRanking(snapshot.after, snapshot.words, 'great');
    expect(rows()).toEqual(after.map((n) => [n.word, formatMetric(n.score)]));
    // The positive words sit nearest, as the geometry was built.
    expect(rows().slice(0, 2).map((r) => r[0])).toEqual(['wonderful', 'best']);

    await fireEvent.click(screen.getByRole('radio', { name: 'Before training' }));
    table = await screen.findByRole('table', { name: 'Nearest neighbours of "great" before training' });
    expect(rows()).toEqual(cosineRanking(snapshot.before, snapshot.words, 'great').map((n) => [n.word, formatMetric(n.score)]));
    expect(screen.getByText(new RegExp(`before training; PCA keeps ${kept(pca2d(snapshot.before).explained)}`))).toBeTruthy();
    expect(screen.getByText(/Each view is projected with its own PCA/)).toBeTruthy();

    await fireEvent.input(screen.getByRole('searchbox', { name: 'Word' }), { target: { value: 'excellent' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Find neighbours' }));
    const missing = await screen.findByText(/"excellent" is not among the 8 words the projector shows/);
    expect(missing.closest('[aria-live]')).toBeTruthy();
  });

  it('says so when the run saved no snapshot, and shows the backend\'s error', async () => {
    const fake = renderApp([makeTextRun(1, textConfigFor()), makeTextRun(2, textConfigFor())]);
    fake.api.getEmbedding.mockImplementation(async (runId) => {
      if (runId === 1) return null;
      throw new Error('Run 2\'s embedding file is damaged: run it again.');
    });
    await openRun(1);
    await fireEvent.click(screen.getByRole('button', { name: 'Open embedding projector' }));
    expect(await screen.findByText(/Run 1 has no embedding snapshot/)).toBeTruthy();
    expect(screen.queryByRole('searchbox', { name: 'Word' })).toBeNull();
    await openRun(2);
    await fireEvent.click(screen.getByRole('button', { name: 'Open embedding projector' }));
    expect(await screen.findByText('Run 2\'s embedding file is damaged: run it again.')).toBeTruthy();
  });
});

describe('try it and classify a file', () => {
  it('classifies a typed text and shows every class\'s probability', async () => {
    const fake = renderApp([makeTextRun(1, textConfigFor())]);
    fake.api.classifyText.mockImplementation(async (_runId, texts) => classifyByWords(texts));
    await openRun(1);
    const box = screen.getByRole('textbox', { name: 'Text to classify' });
    await fireEvent.click(screen.getByRole('button', { name: 'Classify' }));
    expect(await screen.findByText('Type or paste a text to classify first.')).toBeTruthy();
    expect(fake.api.classifyText).not.toHaveBeenCalled();

    const text = 'A wonderful film with great music, the best of the year.';
    await fireEvent.input(box, { target: { value: text } });
    await fireEvent.click(screen.getByRole('button', { name: 'Classify' }));
    const [prediction] = classifyByWords([text]);
    expect(await screen.findByText(prediction.label, { selector: 'strong' })).toBeTruthy();
    expect(fake.api.classifyText).toHaveBeenCalledWith(1, [text]);
    const bars = screen.getByRole('list', { name: 'Probability of each class' });
    expect(within(bars).getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual(
      prediction.probabilities.map((p, k) => `${k} ${formatMetric(p)}`),
    );
    expect(screen.getByText(/Predicted:/).textContent).toContain(`probability ${formatMetric(prediction.probability)}`);
  });

  it('classifies the loaded file, shows the first rows and downloads every row as CSV', async () => {
    const fake = renderApp([makeTextRun(1, textConfigFor())]);
    await importText(fake);
    const predictions = classifyByWords(CORPUS.map((row) => row.review));
    const answer: TextPredictionsFromCsv = {
      task: 'text',
      runId: 1,
      fileName: 'imdb-300.csv',
      classNames: ['0', '1'],
      preview: predictions,
      rows: predictions.length,
      csv: toCsv(['row', 'text', 'label', 'probability'], predictions.map((p, i) => [i + 1, p.text, p.label, p.probability])),
    };
    fake.api.predictWithRun.mockImplementation(async () => answer);
    await openRun(1);
    await fireEvent.click(screen.getByRole('button', { name: 'Classify imdb-300.csv' }));
    const table = await screen.findByRole('table', { name: 'Predicted classes for imdb-300.csv' });
    expect(fake.api.predictWithRun).toHaveBeenCalledWith(1, IMDB.id);
    expect(within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell')[1].textContent)).toEqual(predictions.map((p) => p.label));
    expect(screen.getByText('8 rows of imdb-300.csv classified.')).toBeTruthy();

    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => (blobs.push(blob), 'blob:predictions'));
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('run-1-imdb-300-predictions.csv');
      expect(this.href).toBe('blob:predictions');
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(click).toHaveBeenCalledTimes(1);
    expect(await blobs[0].text()).toBe(answer.csv);
    await waitFor(() => expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:predictions'));
  });

  it('explains why a run without a saved model cannot classify', async () => {
    const fake = renderApp([{ ...makeTextRun(1, textConfigFor()), hasModel: false }]);
    await openRun(1);
    expect(screen.getByText(/Run 1 has no saved model \(it was trained before/)).toBeTruthy();
    expect(screen.getByText('Run 1 has no saved model to classify a file with.')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Text to classify' })).toBeNull();
    expect(fake.api.classifyText).not.toHaveBeenCalled();
  });
});
