// Runs in: trainer and main processes (plain Node, no TensorFlow.js). The target's season: the steps per season the
// data's frequency implies (seasonal naive, MASE, seasonal difference), and the one its autocorrelation shows.

/** Steps per season for MASE, seasonal naive and the seasonal difference, from the importer's inferred frequency; 1 (no season) otherwise. */
export function seasonalPeriod(frequency: string | null | undefined): number {
  switch (frequency) {
    case 'hourly':
      return 24;
    case 'daily':
      return 7;
    case 'monthly':
      return 12;
    default:
      return 1;
  }
}

/**
 * Sample autocorrelation at lags 0..maxLag over the non-missing pairs (a pair with a missing value is skipped; the
 * mean and variance are the whole series'). acf[0] = 1; a constant or empty series gives zeros beyond lag 0.
 */
export function autocorrelation(values: ArrayLike<number>, maxLag: number): number[] {
  const n = values.length;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === v) {
      sum += v;
      count++;
    }
  }
  const acf = new Array<number>(Math.max(1, Math.min(maxLag, n - 1) + 1)).fill(0);
  acf[0] = 1;
  if (count < 2) return acf;
  const mean = sum / count;
  const centred = new Float64Array(n);
  let variance = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    centred[i] = d;
    if (d === d) variance += d * d;
  }
  if (!(variance > 0)) return acf;
  for (let lag = 1; lag < acf.length; lag++) {
    let s = 0;
    for (let i = lag; i < n; i++) {
      const p = centred[i] * centred[i - lag];
      if (p === p) s += p;
    }
    acf[lag] = s / variance;
  }
  return acf;
}

/** The same shape as the window preview's TargetSeasonality (shared/model/forecast-data.ts). */
export interface Seasonality {
  /** Autocorrelation at lags 0..acf.length - 1. */
  acf: number[];
  /** Values of |acf| below this are indistinguishable from no correlation (1.96 / sqrt(n), the usual 95% band). */
  noiseBand: number;
  /** The detected season in steps, or null when the autocorrelation shows none. */
  season: number | null;
  /** A window that covers one season (or a short default without one). */
  suggestedWindow: number;
}

/** A season must stand out by this much, so a slow drift's gently falling acf does not count. */
const MIN_SEASON_ACF = 0.2;

/**
 * The season: the lag of the highest autocorrelation peak after the acf first dips (the first local minimum), when
 * that peak is above the noise band and MIN_SEASON_ACF. Hourly temperature peaks at 24; white noise has no peak;
 * a random walk's acf only falls, so it has none either.
 */
export function detectSeasonality(values: ArrayLike<number>, maxLag: number): Seasonality {
  const acf = autocorrelation(values, maxLag);
  let present = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) present++;
  const noiseBand = present > 0 ? 1.96 / Math.sqrt(present) : 1;
  let dip = 1;
  while (dip + 1 < acf.length && acf[dip + 1] < acf[dip]) dip++;
  let season: number | null = null;
  for (let lag = dip + 1; lag + 1 < acf.length; lag++) {
    const peak = acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
    if (!peak || acf[lag] < Math.max(MIN_SEASON_ACF, noiseBand)) continue;
    if (season === null || acf[lag] > acf[season] + 1e-9) season = lag;
  }
  // A longer peak that is a multiple of a nearly as high shorter one is the same season seen again (48 of 24).
  if (season !== null) {
    for (let lag = dip + 1; lag < season; lag++) {
      const peak = acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
      if (peak && season % lag === 0 && acf[lag] >= 0.9 * acf[season]) {
        season = lag;
        break;
      }
    }
  }
  return { acf, noiseBand, season, suggestedWindow: season ?? 5 };
}

/** How deep to look: a few seasons of the frequency's period, or a fixed depth without one; never past a quarter of the data. */
export function seasonalityDepth(frequency: string | null | undefined, rows: number): number {
  const period = seasonalPeriod(frequency);
  const depth = period > 1 ? 3 * period + 2 : 100;
  return Math.max(2, Math.min(depth, Math.floor(rows / 4)));
}
