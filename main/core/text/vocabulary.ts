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
  return vocabularyFromCounts(counts, options);
}

/** The index from word counts (every counted word appears at least once): the cap, the minimum frequency, and the
 * order, most frequent first with ties alphabetical (by UTF-16 code units, as `<` compares). Words are grouped by
 * count so only the groups that make the cut get sorted: tens of thousands of distinct words, re-indexed on every
 * change of the preview's settings. */
export function vocabularyFromCounts(
  counts: Iterable<[string, number]> & { size: number },
  options: { vocabSize: number; minFrequency: number },
): Vocabulary {
  const byCount = new Map<number, string[]>();
  for (const [word, count] of counts) {
    if (count < options.minFrequency) continue;
    const group = byCount.get(count);
    if (group) group.push(word);
    else byCount.set(count, [word]);
  }
  const limit = Math.max(0, options.vocabSize - RESERVED.length);
  const words: string[] = [...RESERVED];
  const kept: number[] = [0, 0];
  for (const count of [...byCount.keys()].sort((a, b) => b - a)) {
    if (words.length - RESERVED.length >= limit) break;
    // The default sort compares UTF-16 code units, the same order as `<`.
    for (const word of byCount.get(count)!.sort()) {
      if (words.length - RESERVED.length >= limit) break;
      words.push(word);
      kept.push(count);
    }
  }
  return {
    words,
    counts: kept,
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
