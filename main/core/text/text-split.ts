// Runs in: trainer and main processes (plain Node, no TensorFlow.js). The data side of a text run that both the
// trainer and the setup preview need, so the preview shows exactly what training will use: labels mapped, texts
// tokenised, the stratified seeded split, and the vocabulary of the training part.
import type { TextConfig } from '../../../shared/model/config';
import { UserError } from '../../../shared/util/errors';
import { mapLabels, type LabelMapping } from './labels';
import { stratifiedSplit, type SplitIndices } from './stratified-split';
import { tokenize } from './tokenizer';
import { RESERVED, UNK, vocabularyFromCounts, type Vocabulary } from './vocabulary';

export type SplitSettings = Pick<TextConfig, 'textColumn' | 'labelColumn' | 'vocabSize' | 'minFrequency' | 'split' | 'seed'>;

/** Each labelled row's tokens, with every distinct word numbered once, so counting the words of any split is an
 * array increment per token instead of a string-keyed map update (the preview re-counts on every settings change). */
export interface TokenisedRows {
  /** Tokens per labelled row (mapping.rows order), as numbers into `words`. Only numbers are kept: a million token
   * strings kept alive cost more in garbage collection than tokenising does. */
  wordIds: Int32Array[];
  words: string[];
}

export function tokeniseRows(texts: (string | null)[], rows: Uint32Array): TokenisedRows {
  const numbers = new Map<string, number>();
  const words: string[] = [];
  // Plain indexed loops: typed-array iteration and Int32Array.from with a map function are several times slower here.
  const wordIds = Array.from(rows, (row) => {
    const rowTokens = tokenize(texts[row] ?? '');
    const ids = new Int32Array(rowTokens.length);
    for (let t = 0; t < rowTokens.length; t++) {
      let id = numbers.get(rowTokens[t]);
      if (id === undefined) {
        id = words.length;
        numbers.set(rowTokens[t], id);
        words.push(rowTokens[t]);
      }
      ids[t] = id;
    }
    return ids;
  });
  return { wordIds, words };
}

/** A row's tokens as words again. */
export function tokensOf(rows: TokenisedRows, i: number): string[] {
  return Array.from(rows.wordIds[i], (id) => rows.words[id]);
}

/** Course id of every distinct word ([UNK] for those outside the vocabulary): encoding a row is then a lookup per token. */
export function vocabularyIds(rows: TokenisedRows, vocabulary: Vocabulary): Int32Array {
  const ids = new Int32Array(rows.words.length);
  for (let id = 0; id < ids.length; id++) ids[id] = vocabulary.index.get(rows.words[id]) ?? UNK;
  return ids;
}

/** Row i in the course's numbering, like encode(tokens, vocabulary). */
export function encodeRow(rows: TokenisedRows, i: number, ids: Int32Array): Int32Array {
  const words = rows.wordIds[i];
  const out = new Int32Array(words.length);
  for (let t = 0; t < words.length; t++) out[t] = ids[words[t]];
  return out;
}

/** Word counts over the given rows (indices into the labelled rows); only words that occur. */
function countWords(rows: TokenisedRows, indices: Uint32Array): Map<string, number> {
  const counts = new Int32Array(rows.words.length);
  for (let k = 0; k < indices.length; k++) {
    const ids = rows.wordIds[indices[k]];
    for (let t = 0; t < ids.length; t++) counts[ids[t]]++;
  }
  const out = new Map<string, number>();
  for (let id = 0; id < counts.length; id++) if (counts[id] > 0) out.set(rows.words[id], counts[id]);
  return out;
}

export interface TextSplit {
  mapping: LabelMapping;
  /** Tokens per labelled row (mapping.rows order). */
  rows: TokenisedRows;
  /** Indices into mapping.rows / tokens. */
  split: SplitIndices;
  vocabulary: Vocabulary;
}

/** `tokenised` may be passed in when the caller already tokenised the labelled rows (the preview caches them). */
export function splitText(
  texts: (string | null)[],
  rawLabels: (string | null)[],
  config: SplitSettings,
  tokenised?: TokenisedRows,
): TextSplit {
  const mapping = mapLabels(rawLabels, config.labelColumn);
  const rows = tokenised ?? tokeniseRows(texts, mapping.rows);
  const split = stratifiedSplit(mapping.labels, mapping.classNames.length, config.split, config.seed);
  for (const [name, part] of Object.entries(split)) {
    if (part.length === 0) {
      throw new UserError(
        `The ${name} split is empty with ${mapping.rows.length} labelled rows: use a larger file or change the split fractions.`,
      );
    }
  }
  const vocabulary = vocabularyFromCounts(countWords(rows, split.train), {
    vocabSize: config.vocabSize,
    minFrequency: config.minFrequency,
  });
  if (vocabulary.words.length <= RESERVED.length) {
    throw new UserError(
      `The training texts in "${config.textColumn}" hold no word seen at least ${config.minFrequency} times: choose the column with the texts, or lower the minimum frequency.`,
    );
  }
  return { mapping, rows, split, vocabulary };
}
