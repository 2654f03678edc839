// Runs in: vitest (node). The text setup's preview on the IMDB slice, checked against counts made here independently
// of the trainer's modules (a line-by-line read of the fixture, whose reviews hold no line breaks).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TextPreviewRequest } from '../../shared/model/inference';
import { TEXT_DEFAULTS } from '../../shared/model/run-config';
import { createService } from '../../main/backend/create-service';
import type { SeqlabService } from '../../main/backend/seqlab-service';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { tokenize } from '../../main/core/text/tokenizer';
import { buildVocabulary } from '../../main/core/text/vocabulary';
import { ROOT } from '../support/built';

const IMDB_SLICE = join(ROOT, 'test', 'fixtures', 'imdb-300.csv');
let dir: string;
let service: SeqlabService;
let store: AsyncRunLog;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-text-preview-'));
  ({ service, store } = await createService({ dbPath: join(dir, 'runs.db'), dataDir: dir }));
});
afterEach(async () => {
  await service.shutdown();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `id,sentiment,"review"` per line; the review's quotes are doubled inside. */
function fixtureRows(): { id: string; label: string; text: string }[] {
  return readFileSync(IMDB_SLICE, 'utf8').trimEnd().split('\n').slice(1).map((line) => {
    const [, id, label, rest] = /^([^,]+),([^,]+),(.*)$/.exec(line)!;
    const text = rest.startsWith('"') ? rest.slice(1, -1).replace(/""/g, '"') : rest;
    return { id, label, text };
  });
}

/** Words as the issue describes them: HTML removed, lower case, punctuation dropped, apostrophes inside words kept. */
function words(text: string): string[] {
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ').toLowerCase();
  return (plain.match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu) ?? []).map((w) => w.replace(/’/g, "'"));
}
const countWords = (text: string) => words(text).length;

async function request(path: string, overrides: Partial<TextPreviewRequest> = {}): Promise<TextPreviewRequest> {
  const summary = await service.importPath(path);
  const { vocabSize, minFrequency, maxLength, truncate, split, seed } = TEXT_DEFAULTS;
  return { datasetId: summary.id, textColumn: 'review', labelColumn: 'sentiment', vocabSize, minFrequency, maxLength, truncate, split, seed, ...overrides };
}

describe('tokenizer', () => {
  it('gives the same words on its ASCII fast path as the Unicode pattern', () => {
    for (const row of fixtureRows().slice(0, 50)) expect(tokenize(row.text)).toEqual(words(row.text));
    const mixed = 'Café’s NAÏVE “plot” <br />10/10, über-cool—don’t miss 2nd half';
    expect(tokenize(mixed)).toEqual(words(mixed));
    expect(tokenize(mixed)).toEqual(["café's", 'naïve', 'plot', '10', '10', 'über', 'cool', "don't", 'miss', '2nd', 'half']);
  });
});

describe('vocabulary order', () => {
  it('ranks by falling count with ties alphabetical, after the cap and minimum frequency', () => {
    const docs = fixtureRows().map((r) => tokenize(r.text));
    const counts = new Map<string, number>();
    for (const doc of docs) for (const w of doc) counts.set(w, (counts.get(w) ?? 0) + 1);
    for (const options of [{ vocabSize: 700, minFrequency: 1 }, { vocabSize: 100_000, minFrequency: 3 }, { vocabSize: 3, minFrequency: 1 }]) {
      const reference = [...counts]
        .filter(([, c]) => c >= options.minFrequency)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, options.vocabSize - 2);
      const vocabulary = buildVocabulary(docs, options);
      expect(vocabulary.words).toEqual(['[UNK]', '[PAD]', ...reference.map(([w]) => w)]);
      expect(vocabulary.counts).toEqual([0, 0, ...reference.map(([, c]) => c)]);
      expect(vocabulary.distinctWords).toBe(counts.size);
    }
  });
});

describe('text preview', () => {
  it('reports the label mapping and the length distribution of every row', async () => {
    const preview = await service.previewText(await request(IMDB_SLICE, { maxLength: 150 }));
    const rows = fixtureRows();
    expect(preview.classes).toEqual([
      { index: 0, label: '0', count: rows.filter((r) => r.label === '0').length },
      { index: 1, label: '1', count: rows.filter((r) => r.label === '1').length },
    ]);
    expect(preview.classes.map((c) => c.count)).toEqual([164, 136]);

    const lengths = rows.map((r) => countWords(r.text)).sort((a, b) => a - b);
    expect(preview.lengths.max).toBe(lengths[299]);
    expect(preview.lengths.median).toBe((lengths[149] + lengths[150]) / 2);
    expect(preview.lengths.p90).toBe(lengths[269]);
    expect(preview.lengths.truncatedRows).toBe(lengths.filter((n) => n > 150).length);
    expect(preview.suggestedMaxLength).toBe(Math.ceil(lengths[269] / 10) * 10);
    expect(preview.suggestedMaxLength % 10).toBe(0);
    expect(lengths.filter((n) => n <= preview.suggestedMaxLength).length / 300).toBeGreaterThanOrEqual(0.9);

    const { histogram } = preview.lengths;
    expect(histogram.length).toBeGreaterThanOrEqual(15);
    expect(histogram.length).toBeLessThanOrEqual(20);
    expect(histogram[0].from).toBe(0);
    expect(histogram.at(-1)!.to).toBeGreaterThan(lengths[299]);
    for (const bin of histogram) {
      expect(bin.count).toBe(lengths.filter((n) => n >= bin.from && n < bin.to).length);
    }
  });

  it('shows the index of the training split and a few training rows as ids', async () => {
    const preview = await service.previewText(await request(IMDB_SLICE, { maxLength: 12, vocabSize: 500 }));
    const { top, size, distinctWords } = preview.vocabulary;
    expect(size).toBe(500);
    expect(distinctWords).toBeGreaterThan(500);
    expect(top).toHaveLength(30);
    expect(top.slice(0, 2)).toEqual([{ index: 0, word: '[UNK]', count: 0 }, { index: 1, word: '[PAD]', count: 0 }]);
    for (let i = 3; i < top.length; i++) expect(top[i].count).toBeLessThanOrEqual(top[i - 1].count);
    // Counted on the training part only (70%): below the whole file's count, above half of it.
    const all = fixtureRows().reduce((sum, r) => sum + (r.text.toLowerCase().replace(/<[^>]*>/g, ' ').match(/\bthe\b/g)?.length ?? 0), 0);
    expect(top[2].word).toBe('the');
    expect(top[2].count).toBeLessThan(all);
    expect(top[2].count).toBeGreaterThan(all * 0.5);

    expect(preview.samples).toHaveLength(5);
    const texts = new Map(fixtureRows().map((r) => [r.text.slice(0, 200), r]));
    for (const sample of preview.samples) {
      expect(sample.tokens).toHaveLength(12);
      expect(sample.ids).toHaveLength(12);
      const source = texts.get(sample.text.slice(0, 200))!;
      expect(sample.label).toBe(source.label);
      expect(sample.truncated).toBe(countWords(source.text) > 12);
      const indexOf = new Map(top.map((entry) => [entry.word, entry.index]));
      sample.tokens.forEach((token, i) => {
        if (indexOf.has(token)) expect(sample.ids[i]).toBe(indexOf.get(token));
      });
    }
  });

  it('follows the seed: another seed splits differently, so the training counts change', async () => {
    const a = await service.previewText(await request(IMDB_SLICE, { seed: 0 }));
    const b = await service.previewText(await request(IMDB_SLICE, { seed: 1 }));
    expect(a.classes).toEqual(b.classes);
    expect(a.lengths).toEqual(b.lengths);
    expect(a.vocabulary.top.map((e) => e.count)).not.toEqual(b.vocabulary.top.map((e) => e.count));
  });

  it('maps a three-class label column to three classes, and refuses an id column with a clear message', async () => {
    // The review ids end in the star rating: 1-2 stars "awful", 3-4 "poor", 7-10 "good".
    const lines = readFileSync(IMDB_SLICE, 'utf8').trimEnd().split('\n');
    const grade = (stars: number) => (stars <= 2 ? 'awful' : stars <= 4 ? 'poor' : 'good');
    const three = join(dir, 'imdb-three.csv');
    writeFileSync(three, ['rating,review', ...lines.slice(1).map((l) => {
      const [, stars, text] = /^[^_]+_(\d+),[01],(.*)$/.exec(l)!;
      return `${grade(Number(stars))},${text}`;
    })].join('\n'));
    const stars = fixtureRows().map((r) => grade(Number(r.id.split('_')[1])));
    const preview = await service.previewText(await request(three, { labelColumn: 'rating' }));
    expect(preview.classes).toEqual(['awful', 'good', 'poor'].map((label, index) => ({ index, label, count: stars.filter((s) => s === label).length })));

    await expect(service.previewText(await request(IMDB_SLICE, { labelColumn: 'id' }))).rejects.toThrow(/Label column "id" has 300 different values/);
    await expect(service.previewText(await request(IMDB_SLICE, { textColumn: 'nope' }))).rejects.toThrow(/Text column "nope" is not in imdb-300\.csv/);
    await expect(service.previewText({ ...(await request(IMDB_SLICE)), datasetId: 'f'.repeat(64) })).rejects.toThrow(/not loaded in this session/);
  });
});
