// Runs in: trainer process and its kernel threads, as WebAssembly (part of rnn-kernels.ts' build).
// What the whole-model nets need beyond one layer's step: the RMSprop and momentum updates, dropout masks, the
// joins and splits of a bidirectional layer's two directions, the sums of the threads' gradients, and the text model's
// embedding lookups and last-real-word picks.

/**
 * RMSprop as tfjs (centered false): ms = decay ms + (1 - decay) g^2; mom = momentum mom + lr g / sqrt(ms + eps);
 * w -= mom.
 */
export function rmsprop(n: i32, w: usize, g: usize, ms: usize, mom: usize, lr: f32, decay: f32, momentum: f32, eps: f32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const si = load<f32>(ms + o) * decay + gi * gi * (1 - decay);
    const mi = load<f32>(mom + o) * momentum + (gi * lr) / sqrt<f32>(si + eps);
    store<f32>(ms + o, si);
    store<f32>(mom + o, mi);
    store<f32>(w + o, load<f32>(w + o) - mi);
  }
}

/** SGD with momentum as tfjs' MomentumOptimizer: acc = m acc + g; w -= lr acc (Nesterov: w -= lr (g + m acc)). */
export function momentumSgd(n: i32, w: usize, g: usize, acc: usize, lr: f32, m: f32, nesterov: bool): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const ai = load<f32>(acc + o) * m + gi;
    store<f32>(acc + o, ai);
    store<f32>(w + o, load<f32>(w + o) - lr * (nesterov ? gi + ai * m : ai));
  }
}

// ---- dropout, bidirectional joins, reductions ----------------------------------------------------------------
/**
 * dst[t][b][:] = src[t][b][:] * mask[b][:] for `steps` blocks of `batch` rows of `width` floats (a dropout mask is
 * the same at every step, as Keras draws it once per sequence). dst may be src.
 */
export function maskSteps(steps: i32, batch: i32, width: i32, src: usize, mask: usize, dst: usize): void {
  const n = batch * width;
  const n4 = n & ~3;
  for (let t = 0; t < steps; t++) {
    const s = src + ((<usize>t * n) << 2);
    const d = dst + ((<usize>t * n) << 2);
    for (let i = 0; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(d + o, f32x4.mul(v128.load(s + o), v128.load(mask + o)));
    }
    for (let i = n4; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(d + o, load<f32>(s + o) * load<f32>(mask + o));
    }
  }
}

/** dst[i] += a[i] * b[i], n floats. */
export function mulAdd(n: i32, a: usize, b: usize, dst: usize): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(f32x4.mul(v128.load(a + o), v128.load(b + o)), v128.load(dst + o)));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(a + o) * load<f32>(b + o));
  }
}

/** dst[i] += src[i], n floats (summing the threads' gradients). */
export function addTo(n: i32, src: usize, dst: usize): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

/**
 * Joins two time-major sequences side by side: dst[t][b] = [a[ta][b], c[tc][b]] (widths wa, wc), where ta is t or,
 * with revA, steps - 1 - t (tc likewise): a bidirectional layer's merged output, in either time order.
 */
export function joinSteps(steps: i32, batch: i32, wa: i32, a: usize, revA: bool, wc: i32, c: usize, revC: bool, dst: usize): void {
  const wd = wa + wc;
  for (let t = 0; t < steps; t++) {
    const ta = revA ? steps - 1 - t : t;
    const tc = revC ? steps - 1 - t : t;
    for (let b = 0; b < batch; b++) {
      const d = dst + ((<usize>(t * batch + b) * wd) << 2);
      memory.copy(d, a + ((<usize>(ta * batch + b) * wa) << 2), <usize>wa << 2);
      memory.copy(d + (<usize>wa << 2), c + ((<usize>(tc * batch + b) * wc) << 2), <usize>wc << 2);
    }
  }
}

/** The gradient of joinSteps: a[ta][b] += src[t][b][0:wa], c[tc][b] += src[t][b][wa:]. */
export function splitStepsAdd(steps: i32, batch: i32, wa: i32, a: usize, revA: bool, wc: i32, c: usize, revC: bool, src: usize): void {
  const wd = wa + wc;
  for (let t = 0; t < steps; t++) {
    const ta = revA ? steps - 1 - t : t;
    const tc = revC ? steps - 1 - t : t;
    for (let b = 0; b < batch; b++) {
      const s = src + ((<usize>(t * batch + b) * wd) << 2);
      addTo(wa, s, a + ((<usize>(ta * batch + b) * wa) << 2));
      addTo(wc, s + (<usize>wa << 2), c + ((<usize>(tc * batch + b) * wc) << 2));
    }
  }
}

// ---- the text model: embedding rows in, the last real word's state out ------------------------------------------
/** dst[t][b][:] = table[ids[b][t]][:] (ids [batch][steps] i32, rows of `dim` floats; dst time-major). */
export function gatherRows(batch: i32, steps: i32, dim: i32, ids: usize, table: usize, dst: usize): void {
  const bytes = <usize>dim << 2;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) {
      const id = <usize>load<i32>(ids + ((<usize>(b * steps + t)) << 2));
      memory.copy(dst + <usize>(t * batch + b) * bytes, table + id * bytes, bytes);
    }
  }
}

/** The gradient of gatherRows: table[ids[b][t]][:] += src[t][b][:]. */
export function scatterAddRows(batch: i32, steps: i32, dim: i32, ids: usize, src: usize, table: usize): void {
  const bytes = <usize>dim << 2;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) {
      const id = <usize>load<i32>(ids + ((<usize>(b * steps + t)) << 2));
      addTo(dim, src + <usize>(t * batch + b) * bytes, table + id * bytes);
    }
  }
}

/**
 * scatterAddRows for rows that end early: row b adds only its steps up to last[b] (i32 [batch]), the steps a text
 * net computed for it; its later steps' gradients are zero.
 */
export function scatterAddRowsUntil(batch: i32, steps: i32, dim: i32, ids: usize, src: usize, table: usize, last: usize): void {
  const bytes = <usize>dim << 2;
  for (let b = 0; b < batch; b++) {
    const end = min(steps, load<i32>(last + (<usize>b << 2)) + 1);
    for (let t = 0; t < end; t++) {
      const id = <usize>load<i32>(ids + ((<usize>(b * steps + t)) << 2));
      addTo(dim, src + <usize>(t * batch + b) * bytes, table + id * bytes);
    }
  }
}

/** out[b] = the step of row b's last id that is not `pad` (0 when there is none); texts are padded at the end. */
export function lastRealSteps(batch: i32, steps: i32, ids: usize, pad: i32, out: usize): void {
  for (let b = 0; b < batch; b++) {
    let real = 0;
    for (let t = 0; t < steps; t++) if (load<i32>(ids + ((<usize>(b * steps + t)) << 2)) != pad) real++;
    store<i32>(out + (<usize>b << 2), real > 0 ? real - 1 : 0);
  }
}

/** dst[b][:] = h[idx[b]][b][:] (h time-major [steps][batch][units]). */
export function gatherSteps(batch: i32, units: i32, h: usize, idx: usize, dst: usize): void {
  const bytes = <usize>units << 2;
  for (let b = 0; b < batch; b++) {
    const t = load<i32>(idx + (<usize>b << 2));
    memory.copy(dst + <usize>b * bytes, h + <usize>(t * batch + b) * bytes, bytes);
  }
}

/** The gradient of gatherSteps: dh[idx[b]][b][:] += src[b][:]. */
export function scatterSteps(batch: i32, units: i32, src: usize, idx: usize, dh: usize): void {
  const bytes = <usize>units << 2;
  for (let b = 0; b < batch; b++) {
    const t = load<i32>(idx + (<usize>b << 2));
    addTo(units, src + <usize>b * bytes, dh + <usize>(t * batch + b) * bytes);
  }
}

/**
 * The distinct words of a pass: words[0..n) gets each id of ids[count] once, in order of first appearance, and
 * slot[i] the place of ids[i] in words; returns n. `seen` (i32 [vocab], all zero on entry and again on return)
 * holds place + 1 of each word met so far.
 */
export function indexWords(count: i32, ids: usize, seen: usize, words: usize, slot: usize): i32 {
  let n = 0;
  for (let i = 0; i < count; i++) {
    const id = load<i32>(ids + (<usize>i << 2));
    const at = seen + (<usize>id << 2);
    let place = load<i32>(at) - 1;
    if (place < 0) {
      place = n++;
      store<i32>(at, n);
      store<i32>(words + (<usize>place << 2), id);
    }
    store<i32>(slot + (<usize>i << 2), place);
  }
  for (let w = 0; w < n; w++) store<i32>(seen + (<usize>load<i32>(words + (<usize>w << 2)) << 2), 0);
  return n;
}

/** One step of gatherRows: dst[b][:] = table[ids[b][t]][:] for each of `batch` rows ([batch][steps] ids). */
export function gatherStep(batch: i32, steps: i32, t: i32, dim: i32, ids: usize, table: usize, dst: usize): void {
  const bytes = <usize>dim << 2;
  for (let b = 0; b < batch; b++) {
    const id = <usize>load<i32>(ids + ((<usize>(b * steps + t)) << 2));
    memory.copy(dst + <usize>b * bytes, table + id * bytes, bytes);
  }
}

// ---- bidirectional text (padding masked: each direction reads only the text's own words) ---------------------
/**
 * The backward direction's word ids: out[b][t] = ids[b][last[b] - t] for t <= last[b], `pad` after (last[b] = -1: an
 * empty text, all `pad`). Its step 0 is the text's last word, as a masked backward RNN starts there.
 */
export function reverseTexts(batch: i32, steps: i32, ids: usize, last: usize, pad: i32, out: usize): void {
  for (let b = 0; b < batch; b++) {
    const end = load<i32>(last + (<usize>b << 2));
    const row = <usize>(b * steps) << 2;
    for (let t = 0; t < steps; t++) {
      store<i32>(out + row + (<usize>t << 2), t <= end ? load<i32>(ids + row + (<usize>(end - t) << 2)) : pad);
    }
  }
}

/**
 * A stacked bidirectional text layer's input from the layer below: at each of a text's steps, the forward
 * direction's state and the backward one's for the same word ([hf | hb], 2 x units wide). The backward direction's
 * step for word t is last[b] - t. For the forward consumer (forBackward false) dst step t is word t; for the backward
 * consumer dst step t is word last[b] - t. hf and hb: time-major states [steps][batch][units] in their own step order.
 */
export function joinTexts(steps: i32, batch: i32, units: i32, hf: usize, hb: usize, last: usize, forBackward: bool, dst: usize): void {
  const bytes = <usize>units << 2;
  for (let b = 0; b < batch; b++) {
    const end = load<i32>(last + (<usize>b << 2));
    for (let t = 0; t <= end; t++) {
      const word = forBackward ? end - t : t;
      const to = dst + <usize>(t * batch + b) * 2 * bytes;
      memory.copy(to, hf + <usize>(word * batch + b) * bytes, bytes);
      memory.copy(to + bytes, hb + <usize>((end - word) * batch + b) * bytes, bytes);
    }
  }
}

/** The gradient of joinTexts: src's two halves added back into dhf and dhb where their states came from. */
export function splitTextsAdd(steps: i32, batch: i32, units: i32, dhf: usize, dhb: usize, last: usize, forBackward: bool, src: usize): void {
  const bytes = <usize>units << 2;
  for (let b = 0; b < batch; b++) {
    const end = load<i32>(last + (<usize>b << 2));
    for (let t = 0; t <= end; t++) {
      const word = forBackward ? end - t : t;
      const from = src + <usize>(t * batch + b) * 2 * bytes;
      addTo(units, from, dhf + <usize>(word * batch + b) * bytes);
      addTo(units, from + bytes, dhb + <usize>((end - word) * batch + b) * bytes);
    }
  }
}

/** The head's input: dst[b] = [hf at last[b] | hb at last[b]] (both directions' final states), zeros for an empty text. */
export function gatherFinalStates(batch: i32, units: i32, hf: usize, hb: usize, last: usize, dst: usize): void {
  const bytes = <usize>units << 2;
  for (let b = 0; b < batch; b++) {
    const t = load<i32>(last + (<usize>b << 2));
    const to = dst + <usize>b * 2 * bytes;
    if (t < 0) {
      memory.fill(to, 0, 2 * bytes);
      continue;
    }
    memory.copy(to, hf + <usize>(t * batch + b) * bytes, bytes);
    memory.copy(to + bytes, hb + <usize>(t * batch + b) * bytes, bytes);
  }
}

/** The gradient of gatherFinalStates: src's halves added into dhf and dhb at last[b] (nothing for an empty text). */
export function scatterFinalStates(batch: i32, units: i32, src: usize, last: usize, dhf: usize, dhb: usize): void {
  const bytes = <usize>units << 2;
  for (let b = 0; b < batch; b++) {
    const t = load<i32>(last + (<usize>b << 2));
    if (t < 0) continue;
    const from = src + <usize>b * 2 * bytes;
    addTo(units, from, dhf + <usize>(t * batch + b) * bytes);
    addTo(units, from + bytes, dhb + <usize>(t * batch + b) * bytes);
  }
}

/** Marks empty texts: last[b] = -1 where row b's first id is `pad` (texts are padded at the end). */
export function markEmptyTexts(batch: i32, steps: i32, ids: usize, pad: i32, last: usize): void {
  for (let b = 0; b < batch; b++) {
    if (load<i32>(ids + (<usize>(b * steps) << 2)) == pad) store<i32>(last + (<usize>b << 2), -1);
  }
}
