// Runs in: renderer (pure; unit-tested in Node). Principal component analysis for the embedding projector: the top two
// directions of variance by power iteration on the covariance. Up to MATRIX_MAX_DIM dimensions the d×d covariance is
// formed once (each iteration then costs d²); above, C·v = Xᵀ(X·v)/n is applied without it (2·n·d per iteration).

export interface Projection {
  /** One [x, y] per input vector, same order. */
  points: [number, number][];
  /** Unit vectors of the two principal directions (each of length d). */
  components: [number[], number[]];
  /** Variance along each component (the covariance's eigenvalues, divided by n). */
  variances: [number, number];
  /** Share of the total variance the two components keep (0-1); 0 when every vector is the same. */
  explained: number;
}

// Enough for a picture: random-like tables (near-equal eigenvalues) stop here, real ones converge well before.
const MAX_ITERATIONS = 300;
/** 256 dimensions: a 256×256 matrix from 1,000 words is ~33 M multiply-adds, once; beyond, the matrix costs more than it saves. */
const MATRIX_MAX_DIM = 256;
// Squared change of the unit direction between iterations: ~1e-10 in each entry.
const TOLERANCE = 1e-20;

/** Projects the vectors onto their top two principal components; each component's largest-|value| entry is positive. */
export function pca2d(vectors: readonly (readonly number[])[]): Projection {
  const n = vectors.length;
  const d = n ? vectors[0].length : 0;
  if (n === 0 || d === 0) return { points: vectors.map(() => [0, 0]), components: [[], []], variances: [0, 0], explained: 0 };
  if (vectors.some((v) => v.length !== d)) throw new Error('pca2d: every vector must have the same length');

  const mean = new Float64Array(d);
  for (const v of vectors) for (let j = 0; j < d; j++) mean[j] += v[j] / n;
  const centred = vectors.map((v) => Float64Array.from(v, (x, j) => x - mean[j]));
  let total = 0;
  for (const row of centred) for (let j = 0; j < d; j++) total += (row[j] * row[j]) / n;

  const times = d <= MATRIX_MAX_DIM ? matrixTimes(covariance(centred)) : (v: Float64Array) => covarianceTimes(centred, v);
  const first = topComponent(times, d, []);
  const second = d > 1 ? topComponent(times, d, [first.vector]) : { vector: new Float64Array(d), value: 0 };
  const c1 = orient(first.vector);
  const c2 = orient(second.vector);
  const points = centred.map((row): [number, number] => [dot(row, c1), dot(row, c2)]);
  return {
    points,
    components: [Array.from(c1), Array.from(c2)],
    variances: [first.value, second.value],
    explained: total > 0 ? (first.value + second.value) / total : 0,
  };
}

/** Power iteration on the covariance, kept orthogonal to the components already found (deflation). */
function topComponent(
  times: (v: Float64Array) => Float64Array,
  d: number,
  found: Float64Array[],
): { vector: Float64Array; value: number } {
  // A fixed, irregular start: deterministic, and not orthogonal to the answer except by a fluke.
  let v: Float64Array = Float64Array.from({ length: d }, (_, j) => 1 + ((j * 7919) % 13) / 13);
  orthogonalise(v, found);
  if (!normalise(v)) return { vector: v, value: 0 };
  let value = 0;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const next = times(v);
    orthogonalise(next, found);
    value = dot(next, v);
    if (!normalise(next)) return { vector: v, value: 0 };
    // Converged when the direction stops moving (up to sign, which `orient` fixes).
    const change = Math.min(distanceSquared(next, v, 1), distanceSquared(next, v, -1));
    v = next;
    if (change < TOLERANCE) break;
  }
  return { vector: v, value: Math.max(0, value) };
}

/** The covariance of centred rows, d×d row-major (filled by symmetry). */
function covariance(rows: Float64Array[]): Float64Array {
  const d = rows[0].length;
  const c = new Float64Array(d * d);
  for (const row of rows) {
    for (let i = 0; i < d; i++) {
      const x = row[i] / rows.length;
      if (x === 0) continue;
      for (let j = i; j < d; j++) c[i * d + j] += x * row[j];
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) c[i * d + j] = c[j * d + i];
  return c;
}

function matrixTimes(c: Float64Array): (v: Float64Array) => Float64Array {
  return (v) => {
    const d = v.length;
    const out = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += c[i * d + j] * v[j];
      out[i] = s;
    }
    return out;
  };
}

function covarianceTimes(rows: Float64Array[], v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (const row of rows) {
    const s = dot(row, v) / rows.length;
    for (let j = 0; j < row.length; j++) out[j] += s * row[j];
  }
  return out;
}

function orthogonalise(v: Float64Array, basis: Float64Array[]): void {
  for (const b of basis) {
    const s = dot(v, b);
    for (let j = 0; j < v.length; j++) v[j] -= s * b[j];
  }
}

/** Scales to unit length in place; false when the vector is (numerically) zero. */
function normalise(v: Float64Array): boolean {
  const norm = Math.sqrt(dot(v, v));
  if (!(norm > 1e-300)) return false;
  for (let j = 0; j < v.length; j++) v[j] /= norm;
  return true;
}

/** Eigenvectors have no sign of their own; fix one so the same data always draws the same picture. */
function orient(v: Float64Array): Float64Array {
  let biggest = 0;
  for (let j = 1; j < v.length; j++) if (Math.abs(v[j]) > Math.abs(v[biggest]) + 1e-12) biggest = j;
  return v[biggest] < 0 ? v.map((x) => -x) : v;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

function distanceSquared(a: Float64Array, b: Float64Array, sign: 1 | -1): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - sign * b[j]) ** 2;
  return s;
}
