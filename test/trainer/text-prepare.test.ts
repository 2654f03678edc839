// Runs in: vitest (node). Tokenizer, vocabulary, label mapping, stratified split and padding of the text task,
// on hand-made inputs and on the real IMDB slice.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ROOT } from '../support/built';
import { loadDataset } from '../../main/core/dataset/load-dataset';
import { tokenize } from '../../main/core/text/tokenizer';
import { buildVocabulary, encode, PAD, UNK } from '../../main/core/text/vocabulary';
import { mapLabels, MAX_CLASSES } from '../../main/core/text/labels';
import { stratifiedSplit } from '../../main/core/text/stratified-split';
import { padSequences } from '../../main/core/text/sequences';
import { prepareText } from '../../main/trainer/text/prepare-text';
import { MODEL_PAD, MODEL_UNK, toModelIds } from '../../main/trainer/text/text-model';
import { TEXT_DEFAULTS } from '../../shared/model/run-config';

export const IMDB_SLICE = join(ROOT, 'test', 'fixtures', 'imdb-300.csv');

describe('tokenize', () => {
  it('lowercases, removes HTML and drops punctuation, keeping in-word apostrophes', () => {
    expect(tokenize('Great film!<br /><br />I didn\'t LIKE the end, though... 10/10')).toEqual([
      'great', 'film', 'i', "didn't", 'like', 'the', 'end', 'though', '10', '10',
    ]);
  });
  it('drops the backslash of \\" quotes and HTML entities', () => {
    expect(tokenize('He said \\"no\\" &amp; left <i>quickly</i>')).toEqual(['he', 'said', 'no', 'left', 'quickly']);
    expect(tokenize('...!?')).toEqual([]);
  });
});

describe('vocabulary', () => {
  const docs = [['the', 'film', 'the'], ['a', 'film', 'the'], ['rare']];
  it('reserves [UNK]=0 and [PAD]=1, then words by falling frequency', () => {
    const vocab = buildVocabulary(docs, { vocabSize: 100, minFrequency: 1 });
    expect(vocab.words).toEqual(['[UNK]', '[PAD]', 'the', 'film', 'a', 'rare']);
    expect(vocab.counts).toEqual([0, 0, 3, 2, 1, 1]);
    expect(Array.from(encode(['the', 'unseen', 'rare'], vocab))).toEqual([2, UNK, 5]);
    expect([UNK, PAD]).toEqual([0, 1]);
  });
  it('applies the size cap (reserved entries included) and the minimum frequency', () => {
    expect(buildVocabulary(docs, { vocabSize: 3, minFrequency: 1 }).words).toEqual(['[UNK]', '[PAD]', 'the']);
    expect(buildVocabulary(docs, { vocabSize: 100, minFrequency: 2 }).words).toEqual(['[UNK]', '[PAD]', 'the', 'film']);
  });
});

describe('mapLabels', () => {
  it('maps 0/1 numerically and strings alphabetically, leaving out rows without a label', () => {
    expect(mapLabels(['1', '0', '1'], 's')).toMatchObject({ classNames: ['0', '1'], labels: Int32Array.from([1, 0, 1]) });
    const m = mapLabels(['pos', null, 'neg', ' ', 'pos'], 's');
    expect(m.classNames).toEqual(['neg', 'pos']);
    expect(Array.from(m.labels)).toEqual([1, 0, 1]);
    expect(Array.from(m.rows)).toEqual([0, 2, 4]);
    expect(m.missing).toBe(2);
    expect(mapLabels(['10', '9', '2'], 's').classNames).toEqual(['2', '9', '10']);
  });
  it('rejects one class, and more classes than allowed, with a clear message', () => {
    expect(() => mapLabels(['pos', 'pos'], 'sentiment')).toThrow(/one class only \("pos"\)/);
    const many = Array.from({ length: MAX_CLASSES + 1 }, (_, i) => `c${i}`);
    expect(() => mapLabels(many, 'id')).toThrow(/21 different values.*at most 20 classes/);
  });
});

describe('stratifiedSplit', () => {
  it('keeps each class share in every part, is seeded, and covers every row once', () => {
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0)); // 30% class 1
    const split = stratifiedSplit(labels, 2, { train: 0.7, validation: 0.15 }, 4);
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([700, 150, 150]);
    for (const part of [split.train, split.validation, split.test]) {
      const ones = Array.from(part).filter((i) => labels[i] === 1).length;
      expect(ones / part.length).toBeCloseTo(0.3, 2);
    }
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(stratifiedSplit(labels, 2, { train: 0.7, validation: 0.15 }, 4)).toEqual(split);
    expect(stratifiedSplit(labels, 2, { train: 0.7, validation: 0.15 }, 5).test).not.toEqual(split.test);
  });
});

describe('padSequences', () => {
  it('cuts from the chosen side and pads with [PAD] at the end', () => {
    const seqs = [Int32Array.from([5, 6, 7, 8]), Int32Array.from([9])];
    expect(Array.from(padSequences(seqs, 3, 'end'))).toEqual([5, 6, 7, 9, PAD, PAD]);
    expect(Array.from(padSequences(seqs, 3, 'start'))).toEqual([6, 7, 8, 9, PAD, PAD]);
  });
  it('swaps [PAD] to 0 for the model so maskZero masks it, and [UNK] to 1', () => {
    expect(Array.from(toModelIds(Int32Array.from([PAD, UNK, 7])))).toEqual([MODEL_PAD, MODEL_UNK, 7]);
    expect(MODEL_PAD).toBe(0);
  });
});

describe('prepareText on the IMDB slice', () => {
  it('builds the vocabulary on the training split only', async () => {
    const dataset = await loadDataset(IMDB_SLICE);
    const texts = dataset.strings('review');
    const labels = dataset.strings('sentiment');
    const config = { ...TEXT_DEFAULTS, textColumn: 'review', labelColumn: 'sentiment', vocabSize: 1_000_000, maxLength: 50 };
    const data = prepareText(texts, labels, config);
    expect(data.classNames).toEqual(['0', '1']);
    expect(data.parts.train.count + data.parts.validation.count + data.parts.test.count).toBe(300);
    expect(data.vocabulary.words.slice(0, 2)).toEqual(['[UNK]', '[PAD]']);
    expect(data.vocabulary.index.has('br')).toBe(false); // <br /> is markup, not a word
    // Every word of the vocabulary occurs in a training text; some test-only words exist and are not in it.
    const split = stratifiedSplit(Int32Array.from(labels, (l) => Number(l)), 2, config.split, config.seed);
    const trainWords = new Set(Array.from(split.train, (i) => tokenize(texts[i]!)).flat());
    const testWords = new Set(Array.from(split.test, (i) => tokenize(texts[i]!)).flat());
    expect(data.vocabulary.words.slice(2).every((w) => trainWords.has(w))).toBe(true);
    const testOnly = [...testWords].filter((w) => !trainWords.has(w));
    expect(testOnly.length).toBeGreaterThan(0);
    expect(testOnly.some((w) => data.vocabulary.index.has(w))).toBe(false);
    expect(data.findings.join(' ')).toMatch(/longer than 50 words/);
  });
});
