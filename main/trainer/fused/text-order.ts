// Runs in: trainer process (plain Node). The order a text batch runs in inside the fused net: longest text first.
// Texts are padded at the end and the model reads each one's last real word, so a pass skips, step by step, the rows
// whose text has ended (net-pass.ts' activeRows); with the rows sorted, those are always the last rows of the block.
// Only the order inside the net changes: losses and gradients are sums over the rows, and outputs go back to the
// caller's order.

/** The rows' order, longest text first; texts of equal length keep their given order (a stable, repeatable order). */
export function longestFirst(ids: Int32Array, count: number, steps: number, pad: number): Int32Array {
  const lengths = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    let real = 0;
    for (let t = r * steps; t < (r + 1) * steps; t++) if (ids[t] !== pad) real++;
    lengths[r] = real;
  }
  const order = Int32Array.from({ length: count }, (_, r) => r);
  order.sort((a, b) => lengths[b] - lengths[a] || a - b);
  return order;
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
