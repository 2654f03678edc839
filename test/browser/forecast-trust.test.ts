// Runs in: vitest (Node) driving Debian's Chromium against the real browser mode (real server, SQLite log, trainer).
// Issue 15 in the window, on the real UCI air-quality slice whose sensors write -200 for a missing hour: the marker
// marked as missing in one click, the target's autocorrelation with its daily season and "Use window 24", then a
// short run whose 80% and 95% prediction intervals are drawn as bands (read from the chart's own datasets) with
// their test coverage beside the metrics, and the same bands on a forecast past the file's end. Screenshots of each
// in both themes go to test-results/screenshots/.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ROOT, browserSkipReason, importCsv, saveScreenshot, useBrowserSession } from '../support/browser-session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);

const AIR_QUALITY = join(ROOT, 'test', 'fixtures', 'air-quality-2004-h1.csv');

interface DrawnDataset {
  label: string;
  points: number;
  fill: unknown;
  mean: number | null;
}

/** What Chart.js holds for a line chart, as LineChart writes it on the plot (data-datasets). */
async function drawn(chart: Locator): Promise<DrawnDataset[]> {
  const text = await chart.getAttribute('data-datasets');
  return text ? (JSON.parse(text) as DrawnDataset[]) : [];
}

async function bothThemes(page: Page, name: string, target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
    await page.waitForTimeout(300);
    await saveScreenshot(page, `${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe.skipIf(skipReason !== null)('browser mode: forecasts an analyst can trust (issue 15)', () => {
  const web = useBrowserSession({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });

  it('marks -200 as missing in one click, and undoes it', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    await importCsv(page, AIR_QUALITY);
    await page.getByLabel('Target column').selectOption('T');

    const findings = page.getByRole('list', { name: 'Findings' });
    await expect.poll(() => findings.innerText()).toMatch(/T is -200 in 79 rows: probably a missing-value marker/);
    const tRow = page.getByRole('table', { name: 'Columns' }).getByRole('row', { name: /^T\b/ });
    expect((await tRow.innerText()).split(/\t/).map((c) => c.trim())).toEqual(['T', 'number', '0', expect.any(String), '-200', expect.any(String), '42.2']);

    const mark = page.getByRole('button', { name: 'Mark -200 in T as missing' });
    expect((await mark.innerText()).trim()).toBe('Mark -200 as missing');
    await mark.click();
    await expect.poll(() => findings.innerText()).toMatch(/Applied: -200 in T counts as missing in the window preview and in training\./);
    // The column's figures leave the marker out (the slice's other temperatures run from 6.1 to 42.2).
    await expect.poll(async () => (await tRow.innerText()).split(/\t/).map((c) => c.trim())).toEqual([
      'T',
      expect.stringMatching(/^number\s+-200 marked missing$/),
      '79',
      expect.any(String),
      '6.1',
      '19.83',
      '42.2',
    ]);
    // The window preview, built by main from the marked data, reports the 79 as missing.
    const preview = page.getByRole('region', { name: 'Window preview' });
    await expect.poll(() => preview.innerText(), { timeout: 30_000 }).toMatch(/T: 79 missing values \(79 values marked as missing\)/);
    await bothThemes(page, 'issue15-marked-missing', page.locator('#dataset'));

    await page.getByRole('button', { name: 'Undo: unmark -200 in T' }).click();
    await expect.poll(() => tRow.innerText()).toMatch(/-200/);
    await expect.poll(() => preview.innerText(), { timeout: 30_000 }).not.toMatch(/marked as missing/);
    await page.getByRole('button', { name: 'Mark -200 in T as missing' }).click();
    await expect.poll(() => preview.innerText(), { timeout: 30_000 }).toMatch(/79 values marked as missing/);
  });

  it('shows the autocorrelation with its daily season and takes the suggested window in one click', async () => {
    const { page } = web;
    const season = page.getByRole('group', { name: 'Seasonality of T' });
    await expect.poll(() => season.innerText(), { timeout: 30_000 }).toMatch(/Season: 24 steps \(1 day\)\. A window of 24 covers one season\./);
    const chart = season.getByRole('img', { name: 'Autocorrelation chart' });
    expect(await chart.isVisible()).toBe(true);
    // Three days deep (3 x 24 + 2 lags), the season marked.
    expect(await season.locator('.acf').getAttribute('data-lags')).toBe('74');
    expect(await season.locator('.acf').getAttribute('data-season')).toBe('24');
    expect(await page.locator(`#${await chart.getAttribute('aria-describedby')}`).innerText()).toMatch(/the season is 24 steps, where it peaks at 0\.\d\d/);

    await season.getByRole('button', { name: 'Use window 24' }).click();
    expect(await page.getByLabel('Window', { exact: true }).inputValue()).toBe('24');
    await expect.poll(() => season.innerText()).toMatch(/covers one season, as now\./);
    expect(await season.getByRole('button', { name: 'Use window 24' }).isDisabled()).toBe(true);
    const preview = page.getByRole('region', { name: 'Window preview' });
    await expect.poll(() => preview.getByRole('table', { name: 'Train, first window' }).locator('tbody tr').count(), { timeout: 30_000 }).toBe(25);
    await bothThemes(page, 'issue15-seasonality', season);
  });

  it('draws the 80% and 95% intervals as bands after a short run, with their test coverage beside the metrics', async () => {
    const { page, serve } = web;
    expect(await page.getByLabel('Prediction intervals').inputValue()).toBe('0.8,0.95');
    await page.getByLabel('Epochs').fill('3');
    await page.getByRole('button', { name: 'Train' }).click();
    const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
    await expect.poll(() => status.innerText(), { timeout: 180_000 }).toMatch(/^Run 1 .*Completed$/);

    // The run as the log keeps it: the CLI reads the same SQLite file.
    const [run] = JSON.parse(
      execFileSync(process.execPath, [join(ROOT, 'bin', 'seqlab.js'), 'runs', '--db', serve.dbPath, '--json'], { encoding: 'utf8' }),
    ) as { config: { sentinels: unknown; window: number }; metrics: { test: { intervals: { level: number; coverage: number; meanWidth: number }[] } } }[];
    expect(run.config.sentinels).toEqual([{ column: 'T', value: -200 }]);
    expect(run.config.window).toBe(24);
    const scores = run.metrics.test.intervals;
    expect(scores.map((s) => s.level)).toEqual([0.8, 0.95]);

    const chart = page.getByRole('img', { name: 'Predictions chart' });
    await expect.poll(async () => (await drawn(chart)).map((d) => d.label), { timeout: 20_000 }).toEqual([
      'Truth',
      'Model',
      'Persistence',
      '95% interval, lower',
      '95% interval, upper',
      '80% interval, lower',
      '80% interval, upper',
    ]);
    const sets = await drawn(chart);
    const byLabel = (label: string) => sets.find((d) => d.label === label)!;
    // Every band spans the test range, its upper edge filled down to its lower one, around the model's line.
    for (const level of ['80', '95']) {
      const lower = byLabel(`${level}% interval, lower`);
      const upper = byLabel(`${level}% interval, upper`);
      expect(lower.points).toBe(byLabel('Model').points);
      expect(upper.fill).not.toBe(false);
      expect(lower.fill).toBe(false);
      expect(lower.mean!).toBeLessThan(byLabel('Model').mean!);
      expect(upper.mean!).toBeGreaterThan(byLabel('Model').mean!);
    }
    const width = (level: string) => byLabel(`${level}% interval, upper`).mean! - byLabel(`${level}% interval, lower`).mean!;
    expect(width('95')).toBeGreaterThan(width('80'));
    // One step ahead, the drawn band's width is the width the metrics score (every test step is drawn).
    expect(width('80')).toBeCloseTo(scores[0].meanWidth, 6);
    expect(await page.locator(`#${(await chart.getAttribute('aria-describedby'))!.split(' ')[0]}`).innerText()).toMatch(
      /with its 80% and 95% prediction intervals/,
    );

    const table = page.getByRole('table', { name: 'Prediction intervals on the test split' });
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').slice(0, 2).map((c) => c.trim()))).toEqual(
      scores.map((s) => [`${Math.round(s.level * 100)}%`, `${(s.coverage * 100).toFixed(1)} %`]),
    );
    await bothThemes(page, 'issue15-interval-bands', page.locator('#run-panel'));
    await bothThemes(page, 'issue15-interval-coverage', table);

    // The exported predictions carry each level's bounds, row by row around the prediction.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export predictions CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8').trimEnd().split(/\r?\n/);
    expect(csv[0]).toBe('time,truth,predicted,persistence,residual,lower_80,upper_80,lower_95,upper_95');
    expect(csv.length - 1).toBe(byLabel('Model').points);
    for (const line of csv.slice(1)) {
      const [, , predicted, , , lower80, upper80, lower95, upper95] = line.split(',').map(Number);
      expect(lower95).toBeLessThanOrEqual(lower80);
      expect(lower80).toBeLessThanOrEqual(predicted);
      expect(predicted).toBeLessThanOrEqual(upper80);
      expect(upper80).toBeLessThanOrEqual(upper95);
    }
  });

  it('draws the bands on the forecast past the end of the file', async () => {
    const { page } = web;
    await page.getByRole('button', { name: 'Forecast from air-quality-2004-h1.csv' }).click();
    const chart = page.getByRole('img', { name: 'Forecast chart' });
    await chart.waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await drawn(chart)).map((d) => d.label)).toEqual([
      'File',
      'Forecast',
      '95% interval, lower',
      '95% interval, upper',
      '80% interval, lower',
      '80% interval, upper',
    ]);
    const sets = await drawn(chart);
    // One step ahead: the band fans out from the file's last value to the forecast step.
    expect(sets.find((d) => d.label === '80% interval, upper')!.points).toBe(2);
    expect(await page.locator(`#${(await chart.getAttribute('aria-describedby'))!.split(' ')[0]}`).innerText()).toMatch(
      /with 80% and 95% prediction intervals: 80% from [-\d.]+ to [-\d.]+; 95% from/,
    );
    await bothThemes(page, 'issue15-forecast-bands', chart);
  });
});
