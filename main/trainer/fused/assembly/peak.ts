// Runs in: trainer process, as WebAssembly (part of rnn-kernels.ts' module). For `npm run bench -- kernels` only:
// the core's own ceiling for 4-lane multiply-adds from WebAssembly, with no memory traffic at all, so the bench can
// say how close the real products come to what the core can do.

/**
 * `n` rounds of 12 independent 4-lane multiply-adds (fused where the build has relaxed SIMD): 48 n multiply-adds.
 * Twelve chains hide the instruction's latency on two pipes. Returns a sum of the results so none is optimised away.
 */
export function multiplyAddPeak(n: i32, seed: f32): f32 {
  const a = f32x4.splat(0.999);
  const b = f32x4.splat(1e-4);
  // Distinct starts: twelve equal chains could be merged into one by the optimiser.
  let c0 = f32x4.splat(seed), c1 = f32x4.splat(seed + 1), c2 = f32x4.splat(seed + 2), c3 = f32x4.splat(seed + 3);
  let c4 = f32x4.splat(seed + 4), c5 = f32x4.splat(seed + 5), c6 = f32x4.splat(seed + 6), c7 = f32x4.splat(seed + 7);
  let c8 = f32x4.splat(seed + 8), c9 = f32x4.splat(seed + 9), c10 = f32x4.splat(seed + 10), c11 = f32x4.splat(seed + 11);
  for (let i = 0; i < n; i++) {
    c0 = fma(c0, a, b); c1 = fma(c1, a, b); c2 = fma(c2, a, b); c3 = fma(c3, a, b);
    c4 = fma(c4, a, b); c5 = fma(c5, a, b); c6 = fma(c6, a, b); c7 = fma(c7, a, b);
    c8 = fma(c8, a, b); c9 = fma(c9, a, b); c10 = fma(c10, a, b); c11 = fma(c11, a, b);
  }
  const sum = f32x4.add(
    f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7))),
    f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11)),
  );
  return f32x4.extract_lane(sum, 0);
}

// The products' multiply-add (rnn-kernels.ts' madd4), kept here so this file stands alone.
@inline function fma(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
