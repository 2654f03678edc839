// Runs in: vitest (jsdom). Multivariate setup (category inputs, missing-value policies, sentinel marks, stride) and the
// window preview panel, on the fake API.
import '@testing-library/svelte/vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ForecastConfig } from '../../shared/model/config';
import type { WindowPreview, WindowSample } from '../../shared/model/forecast-data';
import { importSzegedSample, renderApp } from '../support/render-app';
import { configFor, makeRun } from '../support/fake-api';

const TEMP = 'Temperature (C)';
const PRECIP = 'Precip Type';
const PRESSURE = 'Pressure (millibars)';
const HOUR = 3_600_000;
const T0 = Date.UTC(2006, 3, 1);

function inputBox(name: RegExp): HTMLInputElement {
  return within(screen.getByRole('group', { name: 'Input columns' })).getByRole('checkbox', { name }) as HTMLInputElement;
}

function sample(firstRow: number, window: number, horizon: number, features: number): WindowSample {
  const rows = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k);
  return {
    inputTimes: rows(firstRow, window).map((r) => T0 + r * HOUR),
    inputs: rows(firstRow, window).map((r) => Array.from({ length: features }, (_, f) => (f === 0 ? 10 + r / 10 : f === 1 ? 1 : 0))),
    targetTimes: rows(firstRow + window, horizon).map((r) => T0 + r * HOUR),
    target: rows(firstRow + window, horizon).map((r) => 10 + r / 10),
  };
}

/** What main would answer for `config` on a 2,976-row hourly file (shapes follow the config). */
function previewFor(config: ForecastConfig): WindowPreview {
  const features = config.features.flatMap((name) => (name === PRECIP ? [`${PRECIP}=rain`, `${PRECIP}=snow`] : [name]));
  const s = (row: number) => sample(row, config.window, config.horizon, features.length);
  return {
    features,
    splits: [
      { name: 'train', windows: 1_040, first: s(0), last: s(2_000) },
      { name: 'validation', windows: 440, first: s(2_083), last: s(2_500) },
      { name: 'test', windows: 441, first: s(2_529), last: s(2_960) },
    ],
    boundaries: { validation: T0 + 2_083 * HOUR, test: T0 + 2_529 * HOUR },
    series: { x: [T0, T0 + HOUR, T0 + 2 * HOUR], y: [9.5, 9.4, 9.2] },
    missing: [{ column: PRECIP, policy: 'ffill', missing: 4, filled: 4, windowsDropped: 0 }],
    timeGaps: { gaps: 1, windowsDropped: 9 },
  };
}

describe('multivariate forecast setup', () => {
  it('lists category columns as one-hot inputs, offers a policy for columns with missing values, and sends it all with stride', async () => {
    const fake = renderApp();
    fake.api.previewWindows.mockImplementation(async (config) => previewFor(config));
    await importSzegedSample();

    expect(inputBox(/^Precip Type \(one-hot, 2 categories\)$/)).toBeTruthy();
    expect(inputBox(/^Summary \(one-hot, 12 categories\)$/)).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: `Missing values in ${PRECIP}` })).toBeNull();

    await fireEvent.click(inputBox(/^Precip Type/));
    const policy = screen.getByRole('combobox', { name: `Missing values in ${PRECIP}` }) as HTMLSelectElement;
    // Categories cannot be interpolated, so that choice is not offered for them.
    expect([...policy.options].map((o) => o.value)).toEqual(['drop', 'ffill']);
    expect(policy.value).toBe('drop');
    expect(within(policy.closest('.field') as HTMLElement).getByText(/4 missing/)).toBeTruthy();
    await fireEvent.change(policy, { target: { value: 'ffill' } });

    const stride = screen.getByRole('spinbutton', { name: 'Stride' }) as HTMLInputElement;
    expect(stride.valueAsNumber).toBe(1);
    await fireEvent.input(stride, { target: { value: '2' } });

    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    await waitFor(() => expect(fake.api.startTraining).toHaveBeenCalledTimes(1));
    const config = fake.api.startTraining.mock.calls[0][0] as ForecastConfig;
    expect(config.features).toEqual([PRECIP, TEMP]);
    expect(config.missing).toEqual({ [PRECIP]: 'ffill' });
    expect(config.stride).toBe(2);
    expect(config.sentinels).toEqual([]);
  });

  it('marks a zero-sentinel finding as missing from the dataset preview, which brings up its policy select', async () => {
    const fake = renderApp();
    fake.api.previewWindows.mockImplementation(async (config) => previewFor(config));
    await importSzegedSample();

    await fireEvent.click(screen.getByRole('button', { name: `Mark 0 in ${PRESSURE} as missing` }));
    expect(screen.getByRole('button', { name: `Undo: unmark 0 in ${PRESSURE}` })).toBeTruthy();
    // Not an input yet: no select until it is used.
    expect(screen.queryByRole('combobox', { name: `Missing values in ${PRESSURE}` })).toBeNull();
    await fireEvent.click(inputBox(/^Pressure \(millibars\)$/));
    const policy = screen.getByRole('combobox', { name: `Missing values in ${PRESSURE}` }) as HTMLSelectElement;
    expect([...policy.options].map((o) => o.value)).toEqual(['drop', 'ffill', 'interpolate']);
    await fireEvent.change(policy, { target: { value: 'interpolate' } });

    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    await waitFor(() => expect(fake.api.startTraining).toHaveBeenCalledTimes(1));
    const config = fake.api.startTraining.mock.calls[0][0] as ForecastConfig;
    expect(config.sentinels).toEqual([{ column: PRESSURE, value: 0 }]);
    expect(config.missing).toEqual({ [PRESSURE]: 'interpolate' });
  });
});

describe('window preview panel', () => {
  it('asks once after the settings settle and shows features, boundaries, windows and the missing report', async () => {
    const fake = renderApp();
    fake.api.previewWindows.mockImplementation(async (config) => previewFor(config));
    await importSzegedSample();
    await fireEvent.click(inputBox(/^Precip Type/));
    const horizon = screen.getByRole('spinbutton', { name: 'Horizon' });
    await fireEvent.input(horizon, { target: { value: '2' } });
    await fireEvent.input(horizon, { target: { value: '3' } });

    const panel = screen.getByRole('region', { name: 'Window preview' });
    await within(panel).findByText(`${PRECIP}=rain, ${PRECIP}=snow, Temperature (C)`, { exact: false });
    // Debounced: the intermediate horizon 2 was never asked for.
    const horizons = fake.api.previewWindows.mock.calls.map(([config]) => config.horizon);
    expect(horizons).not.toContain(2);
    expect(horizons.at(-1)).toBe(3);

    expect(within(panel).getByText(`${PRECIP}=rain, ${PRECIP}=snow, Temperature (C)`, { exact: false })).toBeTruthy();
    expect(within(panel).getByText(/Validation starts at .+; test starts at .+\./)).toBeTruthy();
    expect(within(panel).getByText('Train: 1,040 windows')).toBeTruthy();
    expect(within(panel).getByText('Test: 441 windows')).toBeTruthy();
    expect(within(panel).getByText(`${PRECIP}: 4 missing values; forward fill filled 4, 0 windows dropped.`)).toBeTruthy();
    expect(within(panel).getByText('1 gap in time: 9 windows that would span it dropped.')).toBeTruthy();

    // The first training window: 5 input steps (t-4 .. t) of 3 inputs, then 3 target steps.
    const table = within(panel).getByRole('table', { name: 'Train, first window' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['t-4', 't-3', 't-2', 't-1', 't', 't+1', 't+2', 't+3']);
    const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((cell) => cell.textContent);
    // Time, three inputs, target.
    expect(cells(rows[0]).slice(1)).toEqual(['10', '1', '0', '']);
    expect(cells(rows[5]).slice(1)).toEqual(['', '', '', '10.5']);
  });

  it('shows the reason when main cannot build the windows, and nothing while the settings are invalid', async () => {
    const fake = renderApp();
    fake.api.previewWindows.mockRejectedValue(
      new Error('Window 3000 + horizon 1 needs at least 3001 rows in the train split (70% of 2976 rows), which has 2083 rows: use a smaller window or horizon, or a larger file.'),
    );
    await importSzegedSample();
    const panel = screen.getByRole('region', { name: 'Window preview' });
    expect(await within(panel).findByText(/needs at least 3001 rows in the train split/)).toBeTruthy();

    const calls = fake.api.previewWindows.mock.calls.length;
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Window' }), { target: { value: '0' } });
    expect(await within(panel).findByText('Fix the highlighted settings to see the windows.')).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(fake.api.previewWindows.mock.calls.length).toBe(calls);
  });
});

describe('a finished run', () => {
  it('says what the missing-value policies and the gaps in time took from the data', async () => {
    const run = makeRun(5, configFor({ features: [TEMP, PRESSURE], missing: { [PRESSURE]: 'interpolate' } }));
    run.metrics = {
      ...run.metrics,
      missing: [{ column: PRESSURE, policy: 'interpolate', missing: 73, marked: 73, filled: 71, windowsDropped: 12 }],
      timeGaps: { gaps: 5, windowsDropped: 30 },
    };
    renderApp([run]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open run 5' }));
    const notes = await screen.findByRole('list', { name: 'What the data preparation dropped or filled' });
    expect(within(notes).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      `${PRESSURE}: 73 missing values (73 values marked as missing); linear interpolation in time filled 71, 12 windows dropped.`,
      '5 gaps in time: 30 windows that would span one dropped.',
    ]);
  });
});
