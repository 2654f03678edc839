// Runs in: trainer process (plain Node). Naive forecasts the model is judged against, on the very same windows.
// Every function returns shape [count, horizon], row-major, in the target's original units. A window's last
// observed row is T = firstTargetRow - 1; it forecasts rows T + 1 .. T + horizon.

/**
 * Persistence: every step of the horizon predicts the last observed target value, i.e. the
 * target at the row just before the window's first target step.
 */
export function persistenceForecast(target: Float64Array, firstTargetRow: Int32Array, horizon: number): Float64Array {
  const out = new Float64Array(firstTargetRow.length * horizon);
  for (let n = 0; n < firstTargetRow.length; n++) {
    const last = target[firstTargetRow[n] - 1];
    for (let h = 0; h < horizon; h++) out[n * horizon + h] = last;
  }
  return out;
}

/**
 * Seasonal naive: step h (1-based) predicts the value at the same phase of the latest season already observed,
 * row T + h - period * ceil(h / period) (for h <= period simply "one season ago"; never a row after T).
 * The window is often shorter than the season (window 5, hourly period 24), so the value is read from the whole
 * target column, not from the window: rows before the window are in the past of the forecast, so this leaks nothing.
 * Where that row is before the data or missing, the window falls back to persistence (counted in `fallbacks`).
 */
export function seasonalNaiveForecast(
  target: Float64Array,
  firstTargetRow: Int32Array,
  horizon: number,
  period: number,
): { forecast: Float64Array; fallbacks: number } {
  const out = new Float64Array(firstTargetRow.length * horizon);
  let fallbacks = 0;
  for (let n = 0; n < firstTargetRow.length; n++) {
    const last = firstTargetRow[n] - 1;
    let fellBack = false;
    for (let h = 1; h <= horizon; h++) {
      const row = last + h - period * Math.ceil(h / period);
      const value = row >= 0 ? target[row] : NaN;
      if (value === value) {
        out[n * horizon + h - 1] = value;
      } else {
        out[n * horizon + h - 1] = target[last];
        fellBack = true;
      }
    }
    if (fellBack) fallbacks++;
  }
  return { forecast: out, fallbacks };
}

/**
 * The target over a window's input rows [T - window + 1, T] into `into`. The target is checked for gaps only at T
 * (when it is not an input column), so a missing value is carried from its neighbour: forward, or backward
 * before the first value seen. T itself is never missing.
 */
export function windowTarget(target: Float64Array, lastRow: number, window: number, into: Float64Array): Float64Array {
  const first = lastRow - window + 1;
  let carry = NaN;
  for (let k = 0; k < window; k++) {
    const v = first + k >= 0 ? target[first + k] : NaN;
    into[k] = v;
    if (v === v) carry = v;
    else into[k] = carry;
  }
  // Leading gaps take the first value seen (the last one, T, always exists).
  let firstSeen = NaN;
  for (let k = 0; k < window && firstSeen !== firstSeen; k++) if (into[k] === into[k]) firstSeen = into[k];
  for (let k = 0; k < window && into[k] !== into[k]; k++) into[k] = firstSeen;
  return into;
}

/** Mean of the window: every step predicts the mean target over the window's input rows. */
export function windowMeanForecast(target: Float64Array, firstTargetRow: Int32Array, horizon: number, window: number): Float64Array {
  const out = new Float64Array(firstTargetRow.length * horizon);
  const values = new Float64Array(window);
  for (let n = 0; n < firstTargetRow.length; n++) {
    windowTarget(target, firstTargetRow[n] - 1, window, values);
    let sum = 0;
    for (let k = 0; k < window; k++) sum += values[k];
    out.fill(sum / window, n * horizon, (n + 1) * horizon);
  }
  return out;
}

/** Drift: the line through the window's first and last target values, extended h steps past the last. */
export function driftForecast(target: Float64Array, firstTargetRow: Int32Array, horizon: number, window: number): Float64Array {
  const out = new Float64Array(firstTargetRow.length * horizon);
  const values = new Float64Array(window);
  for (let n = 0; n < firstTargetRow.length; n++) {
    windowTarget(target, firstTargetRow[n] - 1, window, values);
    const last = values[window - 1];
    const slope = window > 1 ? (last - values[0]) / (window - 1) : 0;
    for (let h = 1; h <= horizon; h++) out[n * horizon + h - 1] = last + h * slope;
  }
  return out;
}

/**
 * Least-squares weights per horizon step, shape [horizon][window + 1] (the last entry is the intercept), fitted on
 * the training windows' target values only (the other input columns are left out: this is the classic AR(window)
 * baseline). Solved in closed form through the normal equations; a tiny ridge keeps a flat or collinear window
 * (e.g. a constant target) solvable.
 */
export function fitLinearBaseline(
  target: Float64Array,
  trainFirstTargetRow: Int32Array,
  horizon: number,
  window: number,
): Float64Array[] {
  const p = window + 1;
  const xtx = new Float64Array(p * p);
  const xty = Array.from({ length: horizon }, () => new Float64Array(p));
  const x = new Float64Array(p);
  x[window] = 1;
  for (let n = 0; n < trainFirstTargetRow.length; n++) {
    const first = trainFirstTargetRow[n];
    windowTarget(target, first - 1, window, x);
    x[window] = 1;
    for (let i = 0; i < p; i++) {
      const xi = x[i];
      for (let j = i; j < p; j++) xtx[i * p + j] += xi * x[j];
    }
    for (let h = 0; h < horizon; h++) {
      const y = target[first + h];
      for (let i = 0; i < p; i++) xty[h][i] += x[i] * y;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) xtx[i * p + j] = xtx[j * p + i];
  let trace = 0;
  for (let i = 0; i < p; i++) trace += xtx[i * p + i];
  const ridge = (1e-10 * trace) / p;
  for (let i = 0; i < window; i++) xtx[i * p + i] += ridge;
  return xty.map((rhs) => solve(xtx, rhs, p));
}

/** Solves A w = b (A is p x p, row-major) by Gaussian elimination with partial pivoting; A and b are left intact. */
export function solve(matrix: Float64Array, rhs: Float64Array, p: number): Float64Array {
  const a = Float64Array.from(matrix);
  const b = Float64Array.from(rhs);
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r * p + col]) > Math.abs(a[pivot * p + col])) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < p; c++) [a[col * p + c], a[pivot * p + c]] = [a[pivot * p + c], a[col * p + c]];
      [b[col], b[pivot]] = [b[pivot], b[col]];
    }
    const d = a[col * p + col];
    if (d === 0) continue; // A zero column: its weight stays 0.
    for (let r = col + 1; r < p; r++) {
      const f = a[r * p + col] / d;
      if (f === 0) continue;
      for (let c = col; c < p; c++) a[r * p + c] -= f * a[col * p + c];
      b[r] -= f * b[col];
    }
  }
  const w = new Float64Array(p);
  for (let r = p - 1; r >= 0; r--) {
    let s = b[r];
    for (let c = r + 1; c < p; c++) s -= a[r * p + c] * w[c];
    const d = a[r * p + r];
    w[r] = d === 0 ? 0 : s / d;
  }
  return w;
}

/** Applies fitLinearBaseline's weights to each window. */
export function linearForecast(
  target: Float64Array,
  firstTargetRow: Int32Array,
  weights: Float64Array[],
  window: number,
): Float64Array {
  const horizon = weights.length;
  const out = new Float64Array(firstTargetRow.length * horizon);
  const x = new Float64Array(window);
  for (let n = 0; n < firstTargetRow.length; n++) {
    windowTarget(target, firstTargetRow[n] - 1, window, x);
    for (let h = 0; h < horizon; h++) {
      const w = weights[h];
      let s = w[window];
      for (let k = 0; k < window; k++) s += w[k] * x[k];
      out[n * horizon + h] = s;
    }
  }
  return out;
}
