// Runs in: renderer (pure). The window preview's seasonality in words: the season in steps and in the file's time
// units, and the sentence a screen reader hears for the autocorrelation chart.
import type { TargetSeasonality } from '../../shared/model/forecast-data';
import { formatInteger } from '../ui/format';

/** Steps per larger unit for the importer's frequencies: 24 hours are a day, 7 days a week, 12 months a year. */
const LARGER_UNIT: Record<string, { per: number; step: string; unit: string }> = {
  hourly: { per: 24, step: 'hour', unit: 'day' },
  daily: { per: 7, step: 'day', unit: 'week' },
  monthly: { per: 12, step: 'month', unit: 'year' },
};

const plural = (n: number, word: string) => `${formatInteger(n)} ${word}${n === 1 ? '' : 's'}`;

/** "24 steps (1 day)", "12 steps (1 year)", "10 steps (10 hours)", or "9 steps" without a known frequency. */
export function seasonWords(season: number, frequency: string | null | undefined): string {
  const units = frequency ? LARGER_UNIT[frequency] : undefined;
  if (!units) return plural(season, 'step');
  const inUnits = season % units.per === 0 ? plural(season / units.per, units.unit) : plural(season, units.step);
  return `${plural(season, 'step')} (${inUnits})`;
}

/** What the autocorrelation chart shows, for screen readers. */
export function autocorrelationSummary(target: string, seasonality: TargetSeasonality): string {
  const deepest = seasonality.acf.length - 1;
  const band = `values within ±${seasonality.noiseBand.toFixed(3)} are indistinguishable from none`;
  if (seasonality.season === null) {
    return `Autocorrelation of ${target} at lags 1 to ${formatInteger(deepest)}: no season stands out; ${band}.`;
  }
  const at = seasonality.acf[seasonality.season];
  return (
    `Autocorrelation of ${target} at lags 1 to ${formatInteger(deepest)}: the season is ${formatInteger(seasonality.season)} steps, ` +
    `where it peaks at ${at.toFixed(2)}; ${band}.`
  );
}
