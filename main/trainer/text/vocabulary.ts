// Runs in: trainer process (plain Node). The word index, built from the training split only (so validation and
// test words the model never saw are [UNK], as they would be for a new review).
//
// Indices follow the course's table: [UNK] = 0, [PAD] = 1, then words by falling frequency (ties alphabetical, so a
// seed and a file give the same table). See text-model.ts for how [PAD] is masked although tfjs masks index 0.

export const UNK = 0;
export const PAD = 1;
export const RESERVED = ['[UNK]', '[PAD]'] as const;

export interface Vocabulary {
  /** words[index]; words[0] = '[UNK]', words[1] = '[PAD]'. */
  words: string[];
  /** Training-split counts, same order as words (0 for the reserved entries). */
  counts: number[];
  index: Map<string, number>;
  /** Distinct training words before the cap and the minimum frequency. */
  distinctWords: number;
}

export function buildVocabulary(
  documents: Iterable<string[]>,
  options: { vocabSize: number; minFrequency: number },
): Vocabulary {
  const counts = new Map<string, number>();
  for (const tokens of documents) {
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  const kept = [...counts]
    .filter(([, count]) => count >= options.minFrequency)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, Math.max(0, options.vocabSize - RESERVED.length));
  const words = [...RESERVED, ...kept.map(([word]) => word)];
  return {
    words,
    counts: [0, 0, ...kept.map(([, count]) => count)],
    index: new Map(words.map((word, i) => [word, i])),
    distinctWords: counts.size,
  };
}

/** Token ids in the course's numbering; unknown words are UNK. The reserved names are not words (tokens never
 * contain brackets), so "[pad]" in a text cannot become PAD. */
export function encode(tokens: string[], vocabulary: Vocabulary): Int32Array {
  const ids = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const id = vocabulary.index.get(tokens[i]);
    ids[i] = id === undefined || id < RESERVED.length ? UNK : id;
  }
  return ids;
}
