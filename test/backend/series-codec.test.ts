// Runs in: vitest (Node). How the run log keeps a prediction series: a compact binary format that round-trips every
// field, and thinning to a preview that keeps the first and last step, from blobs and the JSON of old logs alike.
import { describe, expect, it } from 'vitest';
import { decodeSeries, encodeSeries } from '../../main/backend/run-log/series-codec';

describe('prediction series storage', () => {
  it('round-trips every field through the binary format, NaN and null times included', () => {
    const series = { times: null, truth: [1.5, -2, NaN], predicted: [0.1, 0.2, 0.3], persistence: [1, 1.5, -2], residuals: [1.4, -2.2, NaN] };
    const decoded = decodeSeries<typeof series>(encodeSeries(series));
    expect(decoded).toEqual(series);
    // An unaligned copy of the bytes (as a blob may come back) reads the same.
    const blob = encodeSeries(series);
    const shifted = Buffer.alloc(blob.length + 1).subarray(1);
    blob.copy(shifted);
    expect(decodeSeries(shifted)).toEqual(series);
  });

  it('thins a long series to at most the asked points, keeping the first and last step, from blobs and old JSON alike', () => {
    const n = 5001;
    const series = { times: Array.from({ length: n }, (_, i) => i), truth: Array.from({ length: n }, (_, i) => i * 2), predicted: new Array(n).fill(0) };
    for (const stored of [encodeSeries(series), JSON.stringify(series)]) {
      const out = decodeSeries<typeof series>(stored, 2000);
      expect(out.truth.length).toBeLessThanOrEqual(2000);
      expect(out.truth.length).toBeGreaterThan(1000);
      expect(out.times[0]).toBe(0);
      expect(out.times.at(-1)).toBe(n - 1);
      expect(out.truth.at(-1)).toBe((n - 1) * 2);
      expect(out.predicted).toHaveLength(out.truth.length);
    }
  });
});
