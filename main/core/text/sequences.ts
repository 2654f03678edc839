// Runs in: trainer process (plain Node). Fixed-length rows of token ids for the model: cut to maxLength from the
// side the user picks, then padded with [PAD] at the end. Padding after the words is what lets a unidirectional
// RNN's output at the last real word ignore it (see text-model.ts).
import { PAD } from './vocabulary';

/** n x maxLength ids, row-major, in the course's numbering. */
export function padSequences(sequences: Int32Array[], maxLength: number, truncate: 'start' | 'end'): Int32Array {
  const out = new Int32Array(sequences.length * maxLength).fill(PAD);
  for (let n = 0; n < sequences.length; n++) {
    const ids = sequences[n];
    const kept = ids.length <= maxLength ? ids : truncate === 'end' ? ids.subarray(0, maxLength) : ids.subarray(ids.length - maxLength);
    out.set(kept, n * maxLength);
  }
  return out;
}
