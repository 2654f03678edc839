// Runs in: vitest (jsdom). The text task for the fake API: an IMDB-like dataset summary, text runs, and realistic
// answers for previewText (a real tokenizer, vocabulary and histogram over a small corpus), getEmbedding and
// classifyText (a word-list scorer), so the UI is tested against answers that change with their inputs.
import type { TextConfig } from '../../shared/model/config';
import type { DatasetSummary } from '../../shared/model/dataset';
import type { ClassificationMetrics } from '../../shared/model/metrics';
import type { RunStatus, TextRunDetail } from '../../shared/model/run';
import type { EmbeddingSnapshot, TextPrediction, TextPreview, TextPreviewRequest } from '../../shared/model/inference';
import { TEXT_DEFAULTS } from '../../shared/model/run-config';

/** Eight short reviews from imdb-300.csv's style: 0 = negative, 1 = positive. */
export const CORPUS: { review: string; sentiment: string }[] = [
  { review: 'A wonderful film, great acting and a great story.<br /><br />Loved it.', sentiment: '1' },
  { review: 'Terrible plot, bad acting, a boring film I hated.', sentiment: '0' },
  { review: 'Great fun: the best film of the year, wonderful music.', sentiment: '1' },
  { review: 'Boring and bad. The worst film, awful dialogue and a terrible ending that drags on and on and on.', sentiment: '0' },
  { review: 'I loved the story and the music; great cast.', sentiment: '1' },
  { review: 'Awful. Bad film, bad story, I hated the ending.', sentiment: '0' },
  { review: 'The best acting I have seen, a wonderful and moving story.', sentiment: '1' },
  { review: 'Dull, boring film with the worst acting.', sentiment: '0' },
];

export const IMDB: DatasetSummary = {
  id: 'b1e0c2d4e5b6a7980123456789abcdef0123456789abcdef0123456789abcd01',
  fileName: 'imdb-300.csv',
  sizeBytes: 391_556,
  sha256: 'b1e0c2d4e5b6a7980123456789abcdef0123456789abcdef0123456789abcd01',
  rowsRead: 300,
  rowsUsed: 300,
  columns: [
    { name: 'id', type: 'text', missing: 0, distinct: 300 },
    { name: 'sentiment', type: 'number', missing: 0, distinct: 2, min: 0, max: 1, mean: 0.4533 },
    { name: 'review', type: 'text', missing: 0, distinct: 300 },
  ],
  timeColumn: null,
  frequency: null,
  previewRows: CORPUS.slice(0, 3).map((row, i) => [`${5814 + i}_8`, row.sentiment, row.review]),
  findings: [],
  parseSeconds: 0.03,
};

export function textConfigFor(overrides: Partial<TextConfig> = {}): TextConfig {
  return { ...TEXT_DEFAULTS, datasetId: IMDB.id, textColumn: 'review', labelColumn: 'sentiment', ...overrides };
}

function scores(accuracy: number, confusion: number[][]): ClassificationMetrics {
  const perClass = confusion.map((row, k) => {
    const support = row[0] + row[1];
    const predicted = confusion[0][k] + confusion[1][k];
    const precision = predicted ? row[k] / predicted : 0;
    const recall = support ? row[k] / support : 0;
    return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, support };
  });
  return { accuracy, f1: (perClass[0].f1 + perClass[1].f1) / 2, perClass, rocAuc: 0.75, confusion, classNames: ['0', '1'] };
}

export function makeTextRun(id: number, config: TextConfig, status: RunStatus = 'completed'): TextRunDetail {
  const done = status !== 'running';
  const completed = status === 'completed';
  return {
    id,
    createdAt: new Date(Date.UTC(2025, 10, 21, 9, id)).toISOString(),
    finishedAt: done ? new Date(Date.UTC(2025, 10, 21, 9, id + 1)).toISOString() : null,
    status,
    error: null,
    config,
    dataset: { fileName: IMDB.fileName, sizeBytes: IMDB.sizeBytes, sha256: IMDB.sha256, rowsUsed: IMDB.rowsUsed },
    backend: 'wasm',
    epochsRun: completed ? config.epochs : 0,
    trainSeconds: done ? 8.1 : null,
    trainSamplesPerSecond: done ? 54 : null,
    hasModel: completed,
    metrics: completed ? { validation: scores(0.6, [[15, 10], [8, 12]]), test: scores(0.62, [[16, 9], [8, 12]]) } : null,
    baselines: completed ? { majority: scores(0.5556, [[25, 0], [20, 0]]), bagOfWords: scores(0.7111, [[19, 6], [7, 13]]) } : null,
    epochs: completed ? [{ epoch: 1, loss: 0.69, valLoss: 0.68, seconds: 8 }] : [],
    predictions: null,
  };
}

/** Lowercase words, `<br />` removed: the shape of the real tokenizer, not its every rule. */
export function tokenize(text: string): string[] {
  return text.replace(/<br\s*\/?>/gi, ' ').toLowerCase().match(/[a-z0-9']+/g) ?? [];
}

/** previewText over CORPUS: the first `train` share of each class trains (the real split shuffles with the seed). */
export function previewCorpus(request: TextPreviewRequest): TextPreview {
  const classNames = [...new Set(CORPUS.map((row) => row.sentiment))].sort();
  const tokens = CORPUS.map((row) => tokenize(row.review));
  const train = classNames.flatMap((name) => {
    const rows = CORPUS.flatMap((row, i) => (row.sentiment === name ? [i] : []));
    return rows.slice(0, Math.max(1, Math.round(rows.length * request.split.train)));
  });
  const counts = new Map<string, number>();
  for (const i of train) for (const word of tokens[i]) counts.set(word, (counts.get(word) ?? 0) + 1);
  const kept = [...counts].filter(([, n]) => n >= request.minFrequency).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const words = [['[UNK]', 0], ['[PAD]', 0], ...kept].slice(0, request.vocabSize) as [string, number][];
  const index = new Map(words.map(([word], i) => [word, i]));
  const lengths = tokens.map((t) => t.length);
  const sorted = [...lengths].sort((a, b) => a - b);
  const max = sorted.at(-1) ?? 0;
  const p90 = sorted[Math.ceil(0.9 * sorted.length) - 1];
  const width = Math.max(1, Math.ceil((max + 1) / 5));
  const histogram = Array.from({ length: Math.ceil((max + 1) / width) }, (_, k) => ({
    from: k * width,
    to: (k + 1) * width,
    count: lengths.filter((n) => Math.floor(n / width) === k).length,
  }));
  const samples = train.slice(0, 3).map((i) => {
    const all = tokens[i];
    const cut = all.length <= request.maxLength ? all : request.truncate === 'end' ? all.slice(0, request.maxLength) : all.slice(-request.maxLength);
    const padded = [...cut, ...new Array<string>(request.maxLength - cut.length).fill('[PAD]')];
    return {
      text: CORPUS[i].review,
      label: CORPUS[i].sentiment,
      tokens: padded,
      ids: padded.map((word, k) => (k >= cut.length ? 1 : (index.get(word) ?? 0))),
      truncated: all.length > request.maxLength,
    };
  });
  return {
    classes: classNames.map((label, i) => ({ index: i, label, count: CORPUS.filter((row) => row.sentiment === label).length })),
    lengths: { histogram, median: sorted[Math.floor(sorted.length / 2)], p90, max, truncatedRows: lengths.filter((n) => n > request.maxLength).length },
    suggestedMaxLength: Math.max(10, Math.ceil(p90 / 10) * 10),
    vocabulary: { size: words.length, distinctWords: counts.size, top: words.slice(0, 12).map(([word, count], i) => ({ index: i, word, count })) },
    samples,
  };
}

/**
 * A 3-dimensional embedding whose geometry is known: positive words point along +x, negative along -x, neutral
 * words along z. "before" is the same words at scattered initial values.
 */
export function embeddingSnapshot(): EmbeddingSnapshot {
  const table: [string, number, number[], number[]][] = [
    ['the', 40, [0.05, 0.1, 1], [0.3, -0.2, 0.1]],
    ['film', 30, [0, 0.2, 0.9], [-0.1, 0.4, 0.2]],
    ['great', 12, [1, 0.1, 0], [0.2, 0.1, -0.3]],
    ['bad', 11, [-1, 0.1, 0.05], [0.1, -0.3, 0.2]],
    ['wonderful', 8, [0.9, 0.2, 0.1], [-0.2, -0.1, 0.1]],
    ['boring', 7, [-0.8, 0.3, 0], [0.3, 0.3, 0.3]],
    ['best', 6, [0.8, -0.1, 0], [0, 0.2, -0.4]],
    ['awful', 5, [-0.9, -0.2, 0.1], [-0.3, 0, 0.1]],
  ];
  return {
    words: table.map((row) => row[0]),
    counts: table.map((row) => row[1]),
    dim: 3,
    after: table.map((row) => row[2]),
    before: table.map((row) => row[3]),
  };
}

const POSITIVE = new Set(['great', 'wonderful', 'best', 'loved', 'fun', 'moving']);
const NEGATIVE = new Set(['bad', 'boring', 'awful', 'worst', 'terrible', 'hated', 'dull']);

/** A word-list scorer in place of the model: each positive word adds 1, each negative one subtracts 1; sigmoid. */
export function classifyByWords(texts: string[]): TextPrediction[] {
  return texts.map((text) => {
    const words = tokenize(text);
    const score = words.filter((w) => POSITIVE.has(w)).length - words.filter((w) => NEGATIVE.has(w)).length;
    const positive = 1 / (1 + Math.exp(-score));
    const probabilities = [1 - positive, positive];
    const best = positive >= 0.5 ? 1 : 0;
    return { text, label: String(best), probability: probabilities[best], probabilities };
  });
}
