// Runs in: trainer process (plain Node). Naive forecasts the model is judged against.

/**
 * Persistence: every step of the horizon predicts the last observed target value, i.e. the
 * target at the row just before the window's first target step. Shape [count, horizon].
 */
export function persistenceForecast(target: Float64Array, firstTargetRow: Int32Array, horizon: number): Float64Array {
  const out = new Float64Array(firstTargetRow.length * horizon);
  for (let n = 0; n < firstTargetRow.length; n++) {
    const last = target[firstTargetRow[n] - 1];
    for (let h = 0; h < horizon; h++) out[n * horizon + h] = last;
  }
  return out;
}
