// Runs in: main process (plain Node; no TensorFlow.js: it answers while the user edits the text setup). What a text
// run will see, before training: the label mapping, the length distribution, the vocabulary of the training split
// and a few rows as id sequences. It uses the trainer's own data modules (text-split.ts), so the split, the index
// and the ids are exactly the ones training will use.
import type { DatasetSummary } from '../../../shared/model/dataset';
import type { TextPreview, TextPreviewRequest } from '../../../shared/model/inference';
import { checkTextColumns } from '../../../shared/model/text-columns';
import { mapLabels } from '../../core/text/labels';
import { padSequences } from '../../core/text/sequences';
import { splitText, tokeniseRows, tokensOf, type TokenisedRows } from '../../core/text/text-split';
import { encode, PAD, RESERVED } from '../../core/text/vocabulary';
import { loadDataset, type LoadedDataset } from '../../core/dataset/load-dataset';

const HISTOGRAM_BINS = 20;
const TOP_ENTRIES = 30;
const SAMPLE_ROWS = 5;
/** Enough of a sample's text to recognise it; the tokens show the rest. */
const SAMPLE_TEXT_CHARS = 1000;

/** The last previewed dataset, and its text column tokenised (every row), so that changing the label column, the
 * length, the vocabulary or the split neither re-reads the file nor re-tokenises. One dataset at a time. */
let cached: { key: string; loaded: LoadedDataset; textColumn: string; texts: (string | null)[]; all: TokenisedRows } | null = null;

async function tokenisedColumns(request: TextPreviewRequest, dataset: { path: string; summary: DatasetSummary }) {
  const key = JSON.stringify([dataset.summary.id, dataset.path, dataset.summary.importOptions]);
  if (cached?.key !== key) {
    const loaded = await loadDataset(dataset.path, { fileName: dataset.summary.fileName, importOptions: dataset.summary.importOptions });
    cached = { key, loaded, textColumn: '', texts: [], all: { wordIds: [], words: [] } };
  }
  if (cached.textColumn !== request.textColumn) {
    const texts = cached.loaded.strings(request.textColumn);
    cached = { ...cached, textColumn: request.textColumn, texts, all: tokeniseRows(texts, Uint32Array.from(texts.keys())) };
  }
  const labels = cached.loaded.strings(request.labelColumn);
  // The labelled rows' tokens, in the order the trainer tokenises them (mapping.rows).
  const { rows } = mapLabels(labels, request.labelColumn);
  const all = cached.all;
  return { texts: cached.texts, labels, rows: { words: all.words, wordIds: Array.from(rows, (row) => all.wordIds[row]) } };
}

/** Sorted ascending. The smallest length that at least `q` of the texts do not exceed (nearest rank). */
function quantile(sorted: Int32Array, q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

function median(sorted: Int32Array): number {
  const n = sorted.length;
  if (n === 0) return 0;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** Equal-width integer bins [from, to) covering 0..max. */
function histogram(lengths: Int32Array, max: number): TextPreview['lengths']['histogram'] {
  const width = Math.max(1, Math.ceil((max + 1) / HISTOGRAM_BINS));
  const bins = Math.ceil((max + 1) / width);
  const counts = new Array<number>(bins).fill(0);
  for (const n of lengths) counts[Math.floor(n / width)]++;
  return counts.map((count, k) => ({ from: k * width, to: (k + 1) * width, count }));
}

export async function previewText(
  request: TextPreviewRequest,
  dataset: { path: string; summary: DatasetSummary },
): Promise<TextPreview> {
  checkTextColumns(request, dataset.summary);
  const { texts, labels, rows } = await tokenisedColumns(request, dataset);
  const { mapping, split, vocabulary } = splitText(texts, labels, request, rows);

  const counts = new Array<number>(mapping.classNames.length).fill(0);
  for (const label of mapping.labels) counts[label]++;

  // Lengths of every labelled row: the rows a run uses.
  const lengths = Int32Array.from(rows.wordIds, (ids) => ids.length);
  const sorted = lengths.slice().sort();
  const max = sorted.length === 0 ? 0 : sorted[sorted.length - 1];
  const p90 = quantile(sorted, 0.9);

  const samples = Array.from(split.train.subarray(0, SAMPLE_ROWS), (i) => {
    const words = tokensOf(rows, i);
    const ids = padSequences([encode(words, vocabulary)], request.maxLength, request.truncate);
    const kept = words.length <= request.maxLength
      ? words
      : request.truncate === 'end' ? words.slice(0, request.maxLength) : words.slice(words.length - request.maxLength);
    const text = texts[mapping.rows[i]] ?? '';
    return {
      text: text.length > SAMPLE_TEXT_CHARS ? `${text.slice(0, SAMPLE_TEXT_CHARS)}…` : text,
      label: mapping.classNames[mapping.labels[i]],
      // The words as written (an unknown one keeps its spelling; its id says [UNK]), then [PAD] up to maxLength.
      tokens: [...kept, ...new Array<string>(request.maxLength - kept.length).fill(RESERVED[PAD])],
      ids: Array.from(ids),
      truncated: words.length > request.maxLength,
    };
  });

  return {
    classes: mapping.classNames.map((label, index) => ({ index, label, count: counts[index] })),
    lengths: {
      histogram: histogram(lengths, max),
      median: median(sorted),
      p90,
      max,
      truncatedRows: lengths.filter((n) => n > request.maxLength).length,
    },
    suggestedMaxLength: Math.max(10, Math.ceil(p90 / 10) * 10),
    vocabulary: {
      size: vocabulary.words.length,
      distinctWords: vocabulary.distinctWords,
      top: vocabulary.words.slice(0, TOP_ENTRIES).map((word, index) => ({ index, word, count: vocabulary.counts[index] })),
    },
    samples,
  };
}
