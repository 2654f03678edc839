// Runs in: vitest (jsdom). The target's seasonality in the window preview (issue 15, item 5): the season in words,
// the autocorrelation chart's description, and "Use window N" in one click.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ForecastConfig } from '../../shared/model/config';
import type { TargetSeasonality, WindowPreview, WindowSample } from '../../shared/model/forecast-data';
import { importSzegedSample, renderApp } from '../support/render-app';
import { autocorrelationSummary, seasonWords } from '../../renderer/setup/season-text';

const T0 = Date.UTC(2006, 3, 1);
const HOUR = 3_600_000;
/** A daily cycle's autocorrelation, 3 days deep: falls to its lowest at 12 h, peaks again at 24 h. */
const DAILY: TargetSeasonality = {
  acf: Array.from({ length: 75 }, (_, lag) => 0.35 + 0.6 * Math.cos((2 * Math.PI * lag) / 24) * Math.exp(-lag / 200) + (lag === 0 ? 0.05 : 0)),
  noiseBand: 0.036,
  season: 24,
  suggestedWindow: 24,
};

function sample(window: number): WindowSample {
  return { inputTimes: null, inputs: Array.from({ length: window }, () => [1]), targetTimes: null, target: [1] };
}

function previewFor(config: ForecastConfig, seasonality: TargetSeasonality): WindowPreview {
  const s = sample(config.window);
  return {
    features: config.features,
    splits: [
      { name: 'train', windows: 2000, first: s, last: s },
      { name: 'validation', windows: 400, first: s, last: s },
      { name: 'test', windows: 400, first: s, last: s },
    ],
    boundaries: { validation: T0 + 2000 * HOUR, test: T0 + 2400 * HOUR },
    series: { x: [T0, T0 + HOUR], y: [9.5, 9.4] },
    missing: [],
    seasonality,
  };
}

describe('seasonality in words', () => {
  it('names the season in steps and in the file\'s larger unit when it divides it', () => {
    expect(seasonWords(24, 'hourly')).toBe('24 steps (1 day)');
    expect(seasonWords(168, 'hourly')).toBe('168 steps (7 days)');
    expect(seasonWords(10, 'hourly')).toBe('10 steps (10 hours)');
    expect(seasonWords(12, 'monthly')).toBe('12 steps (1 year)');
    expect(seasonWords(9, null)).toBe('9 steps');
    expect(autocorrelationSummary('T', DAILY)).toBe(
      `Autocorrelation of T at lags 1 to 74: the season is 24 steps, where it peaks at ${DAILY.acf[24].toFixed(2)}; values within ±0.036 are indistinguishable from none.`,
    );
    expect(autocorrelationSummary('T', { ...DAILY, season: null })).toMatch(/no season stands out/);
  });
});

describe('window preview: the target\'s autocorrelation', () => {
  it('shows the season, the chart, and sets the suggested window in one click', async () => {
    const fake = renderApp();
    fake.api.previewWindows.mockImplementation(async (config) => previewFor(config, DAILY));
    await importSzegedSample();
    const group = await screen.findByRole('group', { name: 'Seasonality of Temperature (C)' });
    expect(within(group).getByText(/Season: 24 steps \(1 day\)\. A window of 24 covers one season\./)).toBeTruthy();
    expect(within(group).getByRole('img', { name: 'Autocorrelation chart' })).toBeTruthy();
    expect(within(group).getByText(/the season is 24 steps/)).toBeTruthy();

    const use = within(group).getByRole('button', { name: 'Use window 24' }) as HTMLButtonElement;
    expect(use.disabled).toBe(false);
    await fireEvent.click(use);
    expect((screen.getByRole('spinbutton', { name: 'Window' }) as HTMLInputElement).valueAsNumber).toBe(24);
    expect(use.disabled).toBe(true);
    expect(within(group).getByText(/covers one season, as now\./)).toBeTruthy();
    // The preview is asked again with the new window.
    await waitFor(() => expect(fake.api.previewWindows).toHaveBeenLastCalledWith(expect.objectContaining({ window: 24 })));
  });

  it('says when no season stands out and offers no window', async () => {
    const fake = renderApp();
    fake.api.previewWindows.mockImplementation(async (config) => previewFor(config, { ...DAILY, season: null, suggestedWindow: 5 }));
    await importSzegedSample();
    const group = await screen.findByRole('group', { name: 'Seasonality of Temperature (C)' });
    expect(within(group).getByText(/No season stands out/)).toBeTruthy();
    expect(within(group).queryByRole('button')).toBeNull();
  });
});
