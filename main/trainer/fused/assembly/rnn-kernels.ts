// Runs in: trainer process, as WebAssembly (AssemblyScript, compiled by `npm run build:wasm` with SIMD on).
// The inner loops of the fused recurrent layers: small dense products and the cells' element-wise steps, on f32
// buffers in this module's memory, 4 lanes at a time. The TypeScript side (../wasm-kernels.ts) owns the memory
// layout and the time loop; every function here works on one step (or one whole product) per call, so the
// JS-to-wasm call overhead (tens of ns) is paid a few hundred times per batch, not per element.
//
// All pointers are byte offsets into memory; all strides are in floats. Row-major everywhere.

// ---- activations -------------------------------------------------------------------------------------------
// tanh as a rational function (Eigen's float tanh: odd degree-13 numerator, degree-6 denominator, inputs clamped
// to +-7.905, where tanh rounds to +-1 in float). Max error ~2 ulp; Math.tanh is far slower and not vectorised.
const TANH_CLAMP: f32 = 7.90531110763549805;
const A1: f32 = 4.89352455891786e-3;
const A3: f32 = 6.37261928875436e-4;
const A5: f32 = 1.48572235717979e-5;
const A7: f32 = 5.12229709037114e-8;
const A9: f32 = -8.60467152213735e-11;
const A11: f32 = 2.00018790482477e-13;
const A13: f32 = -2.76076847742355e-16;
const B0: f32 = 4.89352518554385e-3;
const B2: f32 = 2.26843463243900e-3;
const B4: f32 = 1.18534705686654e-4;
const B6: f32 = 1.19825839466702e-6;

// a * b + c. Where the engine has relaxed SIMD (built as rnn-kernels-relaxed.wasm) this is one fused
// multiply-add instruction on CPUs with FMA: half the instructions in every product and polynomial.
@inline function madd4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// The clamp as pmax / pmin (x < lo ? lo : x, hi < x ? hi : x): one instruction each on x86, where f32x4.max and min
// take about eight to give NaN and -0 their IEEE meaning, which a clamp of finite values does not need (a NaN input
// stays NaN either way). Measured: the LSTM step's activations 1.5x faster, tanh over a block 1.7x.
@inline function clampTanh(v: v128): v128 {
  return f32x4.pmin(f32x4.pmax(v, f32x4.splat(-TANH_CLAMP)), f32x4.splat(TANH_CLAMP));
}

@inline function tanh4(v: v128): v128 {
  const x = clampTanh(v);
  const y = f32x4.mul(x, x);
  // Estrin's scheme: the numerator's terms pair up in independent chains, so the dependent steps drop from six
  // multiply-adds to three; the LSTM's five activations per unit are latency-bound otherwise.
  const y2 = f32x4.mul(y, y);
  const y4 = f32x4.mul(y2, y2);
  const p01 = madd4(y, f32x4.splat(A3), f32x4.splat(A1));
  const p23 = madd4(y, f32x4.splat(A7), f32x4.splat(A5));
  const p45 = madd4(y, f32x4.splat(A11), f32x4.splat(A9));
  const p456 = madd4(y2, f32x4.splat(A13), p45);
  const p = f32x4.mul(madd4(y4, p456, madd4(y2, p23, p01)), x);
  const q = madd4(y2, madd4(y, f32x4.splat(B6), f32x4.splat(B4)), madd4(y, f32x4.splat(B2), f32x4.splat(B0)));
  return f32x4.div(p, q);
}

// sigmoid(x) = (1 + tanh(x / 2)) / 2: one approximation for both, so both are equally accurate.
@inline function sigmoid4(v: v128): v128 {
  const half = f32x4.splat(0.5);
  return madd4(tanh4(f32x4.mul(v, half)), half, half);
}

@inline function tanh1(x: f32): f32 {
  return f32x4.extract_lane(tanh4(f32x4.splat(x)), 0);
}

@inline function sigmoid1(x: f32): f32 {
  return f32x4.extract_lane(sigmoid4(f32x4.splat(x)), 0);
}

// ---- products ------------------------------------------------------------------------------------------------
// The inner dimension runs in slices of this many rows of B: a slice of B (and A) stays in the core's cache while
// every block of C passes over it. The weight gradients (H^T dG, X^T dG) have an inner dimension of steps x batch
// (12,800 for the text model): unsliced, every 4 x 8 block of C streamed all of B from memory again, a cache line
// per row, and those two products ran at a third of the others' speed. C's blocks carry their sums from one slice
// to the next in C itself, so each sum adds the same terms in the same order: the results are bit for bit the same.
const K_SLICE = 256;

/**
 * C[m x n] += A B, with A(i, p) at a + 4 (i ais + p aps) (so A may be read transposed) and B row-major (ldb).
 * A 4 x 8 block of C stays in eight registers over a slice of the inner dimension.
 */
export function gemm(
  m: i32, n: i32, k: i32,
  a: usize, ais: i32, aps: i32,
  b: usize, ldb: i32,
  c: usize, ldc: i32,
): void {
  for (let p0 = 0; p0 < k; p0 += K_SLICE) {
    const slice = min(K_SLICE, k - p0);
    gemmSlice(m, n, slice, a + ((<usize>p0 * <usize>aps) << 2), ais, aps, b + ((<usize>p0 * <usize>ldb) << 2), ldb, c, ldc);
  }
}

function gemmSlice(
  m: i32, n: i32, k: i32,
  a: usize, ais: i32, aps: i32,
  b: usize, ldb: i32,
  c: usize, ldc: i32,
): void {
  const aisB = <usize>ais << 2;
  const apsB = <usize>aps << 2;
  const ldbB = <usize>ldb << 2;
  const ldcB = <usize>ldc << 2;
  const m4 = m & ~3;
  const n8 = n & ~7;
  for (let i = 0; i < m4; i += 4) {
    const a0 = a + <usize>i * aisB;
    const c0 = c + <usize>i * ldcB;
    for (let j = 0; j < n8; j += 8) {
      const cj = c0 + (<usize>j << 2);
      let c00 = v128.load(cj), c01 = v128.load(cj, 16);
      let c10 = v128.load(cj + ldcB), c11 = v128.load(cj + ldcB, 16);
      let c20 = v128.load(cj + 2 * ldcB), c21 = v128.load(cj + 2 * ldcB, 16);
      let c30 = v128.load(cj + 3 * ldcB), c31 = v128.load(cj + 3 * ldcB, 16);
      let pa = a0;
      let pb = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(pb);
        const b1 = v128.load(pb, 16);
        let x = v128.load32_splat(pa);
        c00 = madd4(x, b0, c00);
        c01 = madd4(x, b1, c01);
        x = v128.load32_splat(pa + aisB);
        c10 = madd4(x, b0, c10);
        c11 = madd4(x, b1, c11);
        x = v128.load32_splat(pa + 2 * aisB);
        c20 = madd4(x, b0, c20);
        c21 = madd4(x, b1, c21);
        x = v128.load32_splat(pa + 3 * aisB);
        c30 = madd4(x, b0, c30);
        c31 = madd4(x, b1, c31);
        pa += apsB;
        pb += ldbB;
      }
      v128.store(cj, c00); v128.store(cj, c01, 16);
      v128.store(cj + ldcB, c10); v128.store(cj + ldcB, c11, 16);
      v128.store(cj + 2 * ldcB, c20); v128.store(cj + 2 * ldcB, c21, 16);
      v128.store(cj + 3 * ldcB, c30); v128.store(cj + 3 * ldcB, c31, 16);
    }
  }
  // What the 4 x 8 blocks left: the last columns of the first m4 rows, then the last rows.
  if (n8 < n) gemmEdge(0, m4, n8, n, k, a, aisB, apsB, b, ldbB, c, ldcB);
  if (m4 < m) gemmEdge(m4, m, 0, n, k, a, aisB, apsB, b, ldbB, c, ldcB);
}

/**
 * C[m x n] = bias + A1 B1 + A2 B2 (C overwritten; A1, A2 row-major with lda1, lda2): a prediction step's gates from
 * its input and the previous state in one pass over C, where fillRows then two products took three. Each block adds
 * the same terms in the same order as those three calls did (bias, then A1's, then A2's).
 */
export function gemmPair(
  m: i32, n: i32,
  k1: i32, a1: usize, lda1: i32, b1: usize, ldb1: i32,
  k2: i32, a2: usize, lda2: i32, b2: usize, ldb2: i32,
  bias: usize, c: usize, ldc: i32,
): void {
  const a1B = <usize>lda1 << 2;
  const a2B = <usize>lda2 << 2;
  const b1B = <usize>ldb1 << 2;
  const b2B = <usize>ldb2 << 2;
  const ldcB = <usize>ldc << 2;
  const m4 = m & ~3;
  const n8 = n & ~7;
  for (let i = 0; i < m4; i += 4) {
    const c0 = c + <usize>i * ldcB;
    for (let j = 0; j < n8; j += 8) {
      const cj = c0 + (<usize>j << 2);
      const bj = bias + (<usize>j << 2);
      let c00 = v128.load(bj), c01 = v128.load(bj, 16);
      let c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
      for (let pass = 0; pass < 2; pass++) {
        const k = pass == 0 ? k1 : k2;
        const aisB = pass == 0 ? a1B : a2B;
        const ldbB = pass == 0 ? b1B : b2B;
        let pa = (pass == 0 ? a1 : a2) + <usize>i * aisB;
        let pb = (pass == 0 ? b1 : b2) + (<usize>j << 2);
        for (let p = 0; p < k; p++) {
          const v0 = v128.load(pb);
          const v1 = v128.load(pb, 16);
          let x = v128.load32_splat(pa);
          c00 = madd4(x, v0, c00);
          c01 = madd4(x, v1, c01);
          x = v128.load32_splat(pa + aisB);
          c10 = madd4(x, v0, c10);
          c11 = madd4(x, v1, c11);
          x = v128.load32_splat(pa + 2 * aisB);
          c20 = madd4(x, v0, c20);
          c21 = madd4(x, v1, c21);
          x = v128.load32_splat(pa + 3 * aisB);
          c30 = madd4(x, v0, c30);
          c31 = madd4(x, v1, c31);
          pa += 4;
          pb += ldbB;
        }
      }
      v128.store(cj, c00); v128.store(cj, c01, 16);
      v128.store(cj + ldcB, c10); v128.store(cj + ldcB, c11, 16);
      v128.store(cj + 2 * ldcB, c20); v128.store(cj + 2 * ldcB, c21, 16);
      v128.store(cj + 3 * ldcB, c30); v128.store(cj + 3 * ldcB, c31, 16);
    }
  }
  // The edges as the three calls would do them: the bias, then each product added.
  if (n8 < n) {
    for (let i = 0; i < m4; i++) memory.copy(c + <usize>i * ldcB + (<usize>n8 << 2), bias + (<usize>n8 << 2), <usize>(n - n8) << 2);
    gemmEdge(0, m4, n8, n, k1, a1, a1B, 4, b1, b1B, c, ldcB);
    gemmEdge(0, m4, n8, n, k2, a2, a2B, 4, b2, b2B, c, ldcB);
  }
  if (m4 < m) {
    for (let i = m4; i < m; i++) memory.copy(c + <usize>i * ldcB, bias, <usize>n << 2);
    gemmEdge(m4, m, 0, n, k1, a1, a1B, 4, b1, b1B, c, ldcB);
    gemmEdge(m4, m, 0, n, k2, a2, a2B, 4, b2, b2B, c, ldcB);
  }
}

/** One row at a time: 4 columns per register where they fit, then single floats. */
function gemmEdge(
  i0: i32, i1: i32, j0: i32, j1: i32, k: i32,
  a: usize, aisB: usize, apsB: usize, b: usize, ldbB: usize, c: usize, ldcB: usize,
): void {
  for (let i = i0; i < i1; i++) {
    const ai = a + <usize>i * aisB;
    const ci = c + <usize>i * ldcB;
    let j = j0;
    for (; j + 4 <= j1; j += 4) {
      let acc = v128.load(ci + (<usize>j << 2));
      let pa = ai;
      let pb = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        acc = madd4(v128.load32_splat(pa), v128.load(pb), acc);
        pa += apsB;
        pb += ldbB;
      }
      v128.store(ci + (<usize>j << 2), acc);
    }
    for (; j < j1; j++) {
      let s: f32 = 0;
      let pa = ai;
      let pb = b + (<usize>j << 2);
      for (let p = 0; p < k; p++) {
        s += load<f32>(pa) * load<f32>(pb);
        pa += apsB;
        pb += ldbB;
      }
      store<f32>(ci + (<usize>j << 2), load<f32>(ci + (<usize>j << 2)) + s);
    }
  }
}

/** dst[cols x rows] = src[rows x cols]^T (src row stride lds, dst row stride ldd). */
export function transpose(rows: i32, cols: i32, src: usize, lds: i32, dst: usize, ldd: i32): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      store<f32>(dst + ((<usize>j * ldd + i) << 2), load<f32>(src + ((<usize>i * lds + j) << 2)));
    }
  }
}

/** out[j] += sum over rows of A[rows x n] (a bias gradient). */
export function addColumnSums(rows: i32, n: i32, a: usize, lda: i32, out: usize): void {
  const n4 = n & ~3;
  for (let j = 0; j < n4; j += 4) {
    let acc = f32x4.splat(0);
    let pa = a + (<usize>j << 2);
    for (let i = 0; i < rows; i++) {
      acc = f32x4.add(acc, v128.load(pa));
      pa += <usize>lda << 2;
    }
    v128.store(out + (<usize>j << 2), f32x4.add(v128.load(out + (<usize>j << 2)), acc));
  }
  for (let j = n4; j < n; j++) {
    let s: f32 = 0;
    for (let i = 0; i < rows; i++) s += load<f32>(a + ((<usize>i * lda + j) << 2));
    store<f32>(out + (<usize>j << 2), load<f32>(out + (<usize>j << 2)) + s);
  }
}

/**
 * Reorders [batch][steps][width] (src) into [steps][batch][width] (dst), or back when `toBatchMajor`; with
 * `reverse`, step t of one side is step steps - 1 - t of the other (layers that run backwards in time).
 */
export function reorder(batch: i32, steps: i32, width: i32, src: usize, dst: usize, toBatchMajor: bool, reverse: bool): void {
  const bytes = <usize>width << 2;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) {
      const tt = reverse ? steps - 1 - t : t;
      const batchMajor = (<usize>b * steps + t) * bytes;
      const timeMajor = (<usize>tt * batch + b) * bytes;
      const from = src + (toBatchMajor ? timeMajor : batchMajor);
      const to = dst + (toBatchMajor ? batchMajor : timeMajor);
      if (width === 1) store<f32>(to, load<f32>(from));
      else memory.copy(to, from, bytes);
    }
  }
}

/** n floats of zeros. */
export function zero(n: i32, dst: usize): void {
  memory.fill(dst, 0, <usize>n << 2);
}

/** dst[r] = bias for each of `rows` rows of n floats (the input projection starts from the bias). */
export function fillRows(rows: i32, n: i32, bias: usize, dst: usize): void {
  const bytes = <usize>n << 2;
  for (let r = 0; r < rows; r++) memory.copy(dst + <usize>r * bytes, bias, bytes);
}

// ---- SimpleRNN -----------------------------------------------------------------------------------------------
/** h = tanh(g), n floats. */
export function tanhTo(n: i32, g: usize, h: usize): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(h + o, tanh4(v128.load(g + o)));
  }
  for (let i = n4; i < n; i++) store<f32>(h + (<usize>i << 2), tanh1(load<f32>(g + (<usize>i << 2))));
}

/** dg = dh (1 - h^2), n floats: the gradient through tanh given its output. */
export function tanhBackward(n: i32, dh: usize, h: usize, dg: usize): void {
  const one = f32x4.splat(1);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const y = v128.load(h + o);
    v128.store(dg + o, f32x4.mul(v128.load(dh + o), f32x4.sub(one, f32x4.mul(y, y))));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    const y = load<f32>(h + o);
    store<f32>(dg + o, load<f32>(dh + o) * (1 - y * y));
  }
}

// ---- LSTM (gate order i, f, c, o, as tfjs) -----------------------------------------------------------------
/**
 * One step for `batch` rows: g holds z = x W + b + h U per row (4 units wide); with keepGates replaces it with
 * the activations (backward needs those; inference does not), and writes c_t and h_t. cPrev/cNext/hNext rows are `units` wide.
 */
export function lstmForwardStep(batch: i32, units: i32, g: usize, cPrev: usize, cNext: usize, hNext: usize, keepGates: bool): void {
  const u = <usize>units << 2;
  for (let b = 0; b < batch; b++) {
    const row = g + <usize>b * 4 * u;
    const s = <usize>b * u;
    let j = 0;
    for (; j + 4 <= units; j += 4) {
      const o = <usize>j << 2;
      const iv = sigmoid4(v128.load(row + o));
      const fv = sigmoid4(v128.load(row + u + o));
      const cc = tanh4(v128.load(row + 2 * u + o));
      const ov = sigmoid4(v128.load(row + 3 * u + o));
      if (keepGates) {
        v128.store(row + o, iv);
        v128.store(row + u + o, fv);
        v128.store(row + 2 * u + o, cc);
        v128.store(row + 3 * u + o, ov);
      }
      const ct = madd4(fv, v128.load(cPrev + s + o), f32x4.mul(iv, cc));
      v128.store(cNext + s + o, ct);
      v128.store(hNext + s + o, f32x4.mul(ov, tanh4(ct)));
    }
    for (; j < units; j++) {
      const o = <usize>j << 2;
      const iv = sigmoid1(load<f32>(row + o));
      const fv = sigmoid1(load<f32>(row + u + o));
      const cc = tanh1(load<f32>(row + 2 * u + o));
      const ov = sigmoid1(load<f32>(row + 3 * u + o));
      store<f32>(row + o, iv);
      store<f32>(row + u + o, fv);
      store<f32>(row + 2 * u + o, cc);
      store<f32>(row + 3 * u + o, ov);
      const ct = fv * load<f32>(cPrev + s + o) + iv * cc;
      store<f32>(cNext + s + o, ct);
      store<f32>(hNext + s + o, ov * tanh1(ct));
    }
  }
}

/**
 * The gradient through one LSTM step: from dh_t (dhNext) and the carry gradient arriving from step t + 1 (dc,
 * updated in place to the one flowing to step t - 1), the gradient w.r.t. the step's pre-activations (dg).
 */
export function lstmBackwardStep(
  batch: i32, units: i32, g: usize, cPrev: usize, cNext: usize, dhNext: usize, dc: usize, dg: usize,
): void {
  const u = <usize>units << 2;
  const one = f32x4.splat(1);
  for (let b = 0; b < batch; b++) {
    const row = g + <usize>b * 4 * u;
    const drow = dg + <usize>b * 4 * u;
    const s = <usize>b * u;
    let j = 0;
    for (; j + 4 <= units; j += 4) {
      const o = <usize>j << 2;
      const iv = v128.load(row + o);
      const fv = v128.load(row + u + o);
      const cc = v128.load(row + 2 * u + o);
      const ov = v128.load(row + 3 * u + o);
      const tc = tanh4(v128.load(cNext + s + o));
      const dhv = v128.load(dhNext + s + o);
      const dcv = madd4(f32x4.mul(dhv, ov), f32x4.sub(one, f32x4.mul(tc, tc)), v128.load(dc + s + o));
      v128.store(drow + o, f32x4.mul(f32x4.mul(dcv, cc), f32x4.mul(iv, f32x4.sub(one, iv))));
      v128.store(drow + u + o, f32x4.mul(f32x4.mul(dcv, v128.load(cPrev + s + o)), f32x4.mul(fv, f32x4.sub(one, fv))));
      v128.store(drow + 2 * u + o, f32x4.mul(f32x4.mul(dcv, iv), f32x4.sub(one, f32x4.mul(cc, cc))));
      v128.store(drow + 3 * u + o, f32x4.mul(f32x4.mul(dhv, tc), f32x4.mul(ov, f32x4.sub(one, ov))));
      v128.store(dc + s + o, f32x4.mul(dcv, fv));
    }
    for (; j < units; j++) {
      const o = <usize>j << 2;
      const iv = load<f32>(row + o);
      const fv = load<f32>(row + u + o);
      const cc = load<f32>(row + 2 * u + o);
      const ov = load<f32>(row + 3 * u + o);
      const tc = tanh1(load<f32>(cNext + s + o));
      const dhv = load<f32>(dhNext + s + o);
      const dcv = load<f32>(dc + s + o) + dhv * ov * (1 - tc * tc);
      store<f32>(drow + o, dcv * cc * iv * (1 - iv));
      store<f32>(drow + u + o, dcv * load<f32>(cPrev + s + o) * fv * (1 - fv));
      store<f32>(drow + 2 * u + o, dcv * iv * (1 - cc * cc));
      store<f32>(drow + 3 * u + o, dhv * tc * ov * (1 - ov));
      store<f32>(dc + s + o, dcv * fv);
    }
  }
}

// ---- GRU (resetAfter false; gate order z, r, h, as tfjs) ----------------------------------------------------
/** After z and r columns got h_{t-1} U: activates them and writes r * h_{t-1} (rh) for the candidate product. */
export function gruGatesStep(batch: i32, units: i32, g: usize, hPrev: usize, rh: usize): void {
  const u = <usize>units << 2;
  for (let b = 0; b < batch; b++) {
    const row = g + <usize>b * 3 * u;
    const s = <usize>b * u;
    let j = 0;
    for (; j + 4 <= units; j += 4) {
      const o = <usize>j << 2;
      const z = sigmoid4(v128.load(row + o));
      const r = sigmoid4(v128.load(row + u + o));
      v128.store(row + o, z);
      v128.store(row + u + o, r);
      v128.store(rh + s + o, f32x4.mul(r, v128.load(hPrev + s + o)));
    }
    for (; j < units; j++) {
      const o = <usize>j << 2;
      const z = sigmoid1(load<f32>(row + o));
      const r = sigmoid1(load<f32>(row + u + o));
      store<f32>(row + o, z);
      store<f32>(row + u + o, r);
      store<f32>(rh + s + o, r * load<f32>(hPrev + s + o));
    }
  }
}

/** After the candidate columns got (r h_{t-1}) U: hh = tanh(.), h_t = z h_{t-1} + (1 - z) hh. */
export function gruCandidateStep(batch: i32, units: i32, g: usize, hPrev: usize, hNext: usize): void {
  const u = <usize>units << 2;
  const one = f32x4.splat(1);
  for (let b = 0; b < batch; b++) {
    const row = g + <usize>b * 3 * u;
    const s = <usize>b * u;
    let j = 0;
    for (; j + 4 <= units; j += 4) {
      const o = <usize>j << 2;
      const z = v128.load(row + o);
      const hh = tanh4(v128.load(row + 2 * u + o));
      v128.store(row + 2 * u + o, hh);
      v128.store(hNext + s + o, madd4(z, v128.load(hPrev + s + o), f32x4.mul(f32x4.sub(one, z), hh)));
    }
    for (; j < units; j++) {
      const o = <usize>j << 2;
      const z = load<f32>(row + o);
      const hh = tanh1(load<f32>(row + 2 * u + o));
      store<f32>(row + 2 * u + o, hh);
      store<f32>(hNext + s + o, z * load<f32>(hPrev + s + o) + (1 - z) * hh);
    }
  }
}

/** Backward, first part: the z and candidate pre-activation gradients, and dh_{t-1} += dh_t z. */
export function gruBackwardOutputStep(
  batch: i32, units: i32, g: usize, hPrev: usize, dhNext: usize, dg: usize, dhPrev: usize,
): void {
  const u = <usize>units << 2;
  const one = f32x4.splat(1);
  for (let b = 0; b < batch; b++) {
    const row = g + <usize>b * 3 * u;
    const drow = dg + <usize>b * 3 * u;
    const s = <usize>b * u;
    let j = 0;
    for (; j + 4 <= units; j += 4) {
      const o = <usize>j << 2;
      const z = v128.load(row + o);
      const hh = v128.load(row + 2 * u + o);
      const dhv = v128.load(dhNext + s + o);
      v128.store(drow + 2 * u + o, f32x4.mul(f32x4.mul(dhv, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(hh, hh))));
      v128.store(drow + o, f32x4.mul(f32x4.mul(dhv, f32x4.sub(v128.load(hPrev + s + o), hh)), f32x4.mul(z, f32x4.sub(one, z))));
      v128.store(dhPrev + s + o, madd4(dhv, z, v128.load(dhPrev + s + o)));
    }
    for (; j < units; j++) {
      const o = <usize>j << 2;
      const z = load<f32>(row + o);
      const hh = load<f32>(row + 2 * u + o);
      const dhv = load<f32>(dhNext + s + o);
      store<f32>(drow + 2 * u + o, dhv * (1 - z) * (1 - hh * hh));
      store<f32>(drow + o, dhv * (load<f32>(hPrev + s + o) - hh) * z * (1 - z));
      store<f32>(dhPrev + s + o, load<f32>(dhPrev + s + o) + dhv * z);
    }
  }
}

/** Backward, second part: from d(r h_{t-1}) (dRh), the r pre-activation gradient, and dh_{t-1} += dRh r. */
export function gruBackwardResetStep(
  batch: i32, units: i32, g: usize, hPrev: usize, dRh: usize, dg: usize, dhPrev: usize,
): void {
  const u = <usize>units << 2;
  const one = f32x4.splat(1);
  for (let b = 0; b < batch; b++) {
    const row = g + <usize>b * 3 * u;
    const drow = dg + <usize>b * 3 * u;
    const s = <usize>b * u;
    let j = 0;
    for (; j + 4 <= units; j += 4) {
      const o = <usize>j << 2;
      const r = v128.load(row + u + o);
      const d = v128.load(dRh + s + o);
      v128.store(drow + u + o, f32x4.mul(f32x4.mul(d, v128.load(hPrev + s + o)), f32x4.mul(r, f32x4.sub(one, r))));
      v128.store(dhPrev + s + o, madd4(d, r, v128.load(dhPrev + s + o)));
    }
    for (; j < units; j++) {
      const o = <usize>j << 2;
      const r = load<f32>(row + u + o);
      const d = load<f32>(dRh + s + o);
      store<f32>(drow + u + o, d * load<f32>(hPrev + s + o) * r * (1 - r));
      store<f32>(dhPrev + s + o, load<f32>(dhPrev + s + o) + d * r);
    }
  }
}

// ---- optimizers (tfjs' update rules, in f32 like its kernels) -------------------------------------------------
/**
 * Adam over n parameters: m and v are the moments; c1 = 1 - beta1^t and c2 = 1 - beta2^t are the bias
 * corrections, as tfjs' AdamOptimizer keeps them (accBeta1/accBeta2).
 */
export function adam(n: i32, w: usize, g: usize, m: usize, v: usize, lr: f32, beta1: f32, beta2: f32, c1: f32, c2: f32, eps: f32): void {
  // Four at a time, with the scalar loop's operations in its order (no fused multiply-add): the same floats, bit
  // for bit. The text model updates its whole embedding table every step (tfjs' Adam is dense), 640k parameters.
  const b1 = f32x4.splat(beta1), nb1 = f32x4.splat(1 - beta1);
  const b2 = f32x4.splat(beta2), nb2 = f32x4.splat(1 - beta2);
  const lrv = f32x4.splat(lr), c1v = f32x4.splat(c1), c2v = f32x4.splat(c2), epsv = f32x4.splat(eps);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gi, nb1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(gi, gi), nb2));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const step = f32x4.div(f32x4.div(mi, c1v), f32x4.add(f32x4.sqrt(f32x4.div(vi, c2v)), epsv));
    v128.store(w + o, f32x4.sub(v128.load(w + o), f32x4.mul(lrv, step)));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const mi = load<f32>(m + o) * beta1 + gi * (1 - beta1);
    const vi = load<f32>(v + o) * beta2 + gi * gi * (1 - beta2);
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(w + o, load<f32>(w + o) - lr * ((mi / c1) / (sqrt<f32>(vi / c2) + eps)));
  }
}

/** Plain gradient descent: w -= lr g. */
export function sgd(n: i32, w: usize, g: usize, lr: f32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(w + o, load<f32>(w + o) - lr * load<f32>(g + o));
  }
}

export * from './net-ops';
export * from './peak';

/** Where memory free for the TypeScript side's allocations starts. */
export function heapBase(): usize {
  return __heap_base;
}
