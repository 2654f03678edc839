// Runs in: renderer (pure; unit-tested in Node). Nearest words in an embedding table by cosine similarity.

export interface Neighbour {
  word: string;
  /** Position in the table. */
  index: number;
  /** Cosine similarity, -1..1 (0 when either vector is all zeros). */
  score: number;
}

/** The position of a word as the tokenizer would write it (lowercase, trimmed), or -1. */
export function findWord(words: readonly string[], query: string): number {
  const wanted = query.trim().toLowerCase();
  return wanted ? words.indexOf(wanted) : -1;
}

/** The k words most similar to words[index] (itself left out), best first; ties keep the frequency order. */
export function nearestNeighbours(words: readonly string[], vectors: readonly (readonly number[])[], index: number, k = 10): Neighbour[] {
  const query = vectors[index];
  const queryNorm = norm(query);
  const scored: Neighbour[] = [];
  for (let i = 0; i < words.length; i++) {
    if (i === index) continue;
    const other = vectors[i];
    const denominator = queryNorm * norm(other);
    let product = 0;
    for (let j = 0; j < query.length; j++) product += query[j] * other[j];
    scored.push({ word: words[i], index: i, score: denominator > 0 ? product / denominator : 0 });
  }
  // Array.prototype.sort is stable, so equal scores stay in frequency order.
  return scored.sort((a, b) => b.score - a.score).slice(0, k);
}

function norm(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}
