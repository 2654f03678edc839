// Runs in: trainer process (plain Node). The order a text batch runs in inside the fused net: longest text first.
// Texts are padded at the end and the model reads each one's last real word, so a pass skips, step by step, the rows
// whose text has ended (net-pass.ts' activeRows); with the rows sorted, those are always the last rows of the block.
// Only the order inside the net changes: losses and gradients are sums over the rows, and outputs go back to the
// caller's order.

/**
 * The rows' order: the net's passes take consecutive slices of `sliceSizes` rows (one per thread, or several), each
 * slice longest text first. The texts are dealt to the slices in turn from the longest down, so slices run on
 * different threads get about the same number of steps to compute (cut in one piece, the first thread would get all
 * the long texts and the others would wait for it). Texts of equal length keep their given order: the order repeats.
 */
export function longestFirst(ids: Int32Array, count: number, steps: number, pad: number, sliceSizes: readonly number[] = [count]): Int32Array {
  const lengths = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    let real = 0;
    for (let t = r * steps; t < (r + 1) * steps; t++) if (ids[t] !== pad) real++;
    lengths[r] = real;
  }
  const sorted = Int32Array.from({ length: count }, (_, r) => r);
  sorted.sort((a, b) => lengths[b] - lengths[a] || a - b);
  const slices: number[][] = sliceSizes.map(() => []);
  let next = 0;
  for (const row of sorted) {
    while (slices[next].length >= sliceSizes[next]) next = (next + 1) % slices.length;
    slices[next].push(row);
    next = (next + 1) % slices.length;
  }
  return Int32Array.from(slices.flat());
}

/** dst's row i = src's row order[i] (rows of `width` numbers); without an order, the first `count` rows as they are. */
export function copyRowsInOrder<T extends Float32Array | Int32Array>(dst: T, src: T, count: number, width: number, order: Int32Array | null): void {
  if (!order) {
    dst.set(src.subarray(0, count * width));
    return;
  }
  for (let i = 0; i < count; i++) dst.set(src.subarray(order[i] * width, (order[i] + 1) * width), i * width);
}

/** The inverse of copyRowsInOrder: dst's row order[i] = src's row i. */
export function copyRowsBack(dst: Float32Array, src: Float32Array, count: number, width: number, order: Int32Array | null): void {
  if (!order) {
    dst.set(src.subarray(0, count * width));
    return;
  }
  for (let i = 0; i < count; i++) dst.set(src.subarray(i * width, (i + 1) * width), order[i] * width);
}
