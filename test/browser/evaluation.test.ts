// Runs in: vitest (Node) driving Debian's Chromium against the real browser mode (issue 15, items 2 and 4 in the
// window): a 3-fold backtest of the form's settings on the 3,000-row Szeged slice trains for real and shows its folds
// with numbers, the best in each row marked, the chart and the parent run in the runs table; "Suggest a setup" with a
// 12-second budget searches for real, ends with a verdict, and "Use this setup" puts the best setup in the form.
// Each result panel is saved in the light and dark theme to test-results/screenshots/.
import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOT_DIR, SZEGED_SLICE, browserSkipReason, importCsv, useBrowserSession } from '../support/browser-session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);

/** The panel in both themes. */
async function shootPanel(page: Page, panel: Locator, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme), { timeout: 15_000 }).toBe(scheme);
    await page.waitForTimeout(300); // charts redraw in the new colours on the next frame
    await panel.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const number = (text: string) => Number(text.replace(/[★,\s]|\(best\)/g, ''));

describe.skipIf(skipReason !== null)('browser mode: backtest and Suggest a setup from the forecast setup', () => {
  const web = useBrowserSession({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });

  it('backtests the form\'s settings over 3 folds: a row of numbers per fold, the chart, the parent run listed', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    await importCsv(page, SZEGED_SLICE);
    await page.getByLabel('Target column').selectOption('Temperature (C)');
    await page.getByLabel('Hidden units', { exact: true }).fill('4');
    await page.getByLabel('Epochs', { exact: true }).fill('1');

    // Too many folds for the rows: the answer says so and how to fix it in the window (not with a CLI flag).
    await page.getByLabel('Folds', { exact: true }).fill('50');
    await page.getByRole('button', { name: 'Backtest', exact: true }).click();
    const refusal = page.getByRole('alert').filter({ hasText: /50-fold backtest/ });
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.innerText()).toMatch(/use fewer folds, or a smaller test share in Split/);
    expect(await refusal.innerText()).not.toMatch(/--split/);

    await page.getByLabel('Folds', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Backtest', exact: true }).click();
    const panel = page.locator('#backtest');
    await panel.getByRole('heading', { name: 'Backtest: 3 folds, expanding window' }).waitFor({ timeout: 30_000 });
    // Progress names the fold while it trains.
    await expect.poll(() => panel.innerText(), { timeout: 60_000 }).toMatch(/Fold [1-3] of 3 training|done/);

    const table = panel.getByRole('table', { name: 'Backtest folds' });
    await table.waitFor({ timeout: 300_000 });
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => (td as HTMLElement).innerText.trim())));
    expect(rows).toHaveLength(3);
    expect(rows.map((row) => row[0])).toEqual(['1', '2', '3']);
    for (const row of rows) {
      // Train rows grow fold by fold (expanding); every error cell holds a positive number.
      const errors = row.slice(3).map(number);
      expect(errors.length).toBeGreaterThanOrEqual(4);
      for (const value of errors) expect(value).toBeGreaterThan(0);
    }
    const trainRows = rows.map((row) => number(row[1]));
    expect(trainRows[0]).toBeLessThan(trainRows[1]);
    expect(trainRows[1]).toBeLessThan(trainRows[2]);
    // Each row marks its lowest MAE and lowest RMSE.
    for (let i = 0; i < 3; i++) expect(await table.locator('tbody tr').nth(i).locator('td.best').count()).toBeGreaterThanOrEqual(2);
    expect(await table.locator('tfoot').innerText()).toMatch(/Mean ± std[\s\S]*±/);
    await panel.getByText(/on mean test MAE over the folds/).waitFor();
    const chart = panel.getByRole('img', { name: 'Backtest error per fold' });
    await chart.waitFor();
    expect(await chart.locator('canvas').evaluate((c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(100);

    // The parent run is in the runs table beside its three folds' runs.
    const parent = (await panel.getByText(/Logged as run \d+/).innerText()).match(/run (\d+)/)![1];
    const runs = page.getByRole('table', { name: 'Runs', exact: true });
    await expect.poll(() => runs.locator('tbody tr').count(), { timeout: 20_000 }).toBe(4);
    await expect.poll(() => runs.getByRole('button', { name: `Open run ${parent}` }).count()).toBe(1);
    await panel.scrollIntoViewIfNeeded();
    await shootPanel(page, panel, 'evaluation-backtest');
  }, 420_000);

  it('suggests a setup within 12 seconds, ends with a verdict, and Use this setup fills the form', async () => {
    const { page } = web;
    await page.getByLabel('Budget (minutes)').fill('0.2');
    await page.getByRole('button', { name: 'Suggest a setup' }).click();
    const panel = page.locator('#suggest');
    await panel.getByRole('heading', { name: 'Suggest a setup' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => panel.innerText(), { timeout: 60_000 }).toMatch(/runs? tried|done/);
    if ((await panel.innerText()).includes('tried')) await shootPanel(page, panel, 'evaluation-suggest-running');

    const verdict = panel.locator('p.verdict');
    await verdict.waitFor({ timeout: 300_000 });
    expect(await verdict.innerText()).toMatch(/beats the best baseline|Nothing tried beat/);
    const scores = panel.getByRole('table', { name: 'Best setup against the best baseline' });
    const cells = await scores.locator('tbody tr').first().locator('td').allInnerTexts();
    expect(cells.slice(0, 3).map(number).every((v) => v > 0)).toBe(true);
    expect(await scores.locator('tbody tr').nth(1).innerText()).toMatch(/Best baseline: /);

    const before = await page.getByLabel('Epochs', { exact: true }).inputValue();
    expect(before).toBe('1');
    await shootPanel(page, panel, 'evaluation-suggest');
    await panel.getByRole('button', { name: 'Use this setup' }).click();
    const note = await panel.getByRole('status').innerText();
    const epochs = note.match(/\((\d+) epochs\)/)![1];
    // Every search run trains at least 2 epochs, so the form's 1 changes to the best run's count.
    expect(Number(epochs)).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByLabel('Epochs', { exact: true }).inputValue()).toBe(epochs);
    const setupText = await scores.locator('tbody tr').first().locator('th').innerText();
    const window = setupText.match(/window (\d+)/)![1];
    expect(await page.getByLabel('Window', { exact: true }).inputValue()).toBe(window);

    await shootPanel(page, page.locator('section', { has: page.getByRole('heading', { name: 'Check and improve' }) }), 'evaluation-controls');

    // Logged as a sweep: the Sweeps view lists it.
    await expect.poll(() => page.locator('#sweeps').innerText(), { timeout: 20_000 }).toMatch(/suggest a setup: Temperature \(C\)/);
  }, 420_000);

  it('stops a backtest midway: the fold in training stops, no later fold starts, the panel says stopped', async () => {
    const { page } = web;
    await page.getByLabel('Epochs', { exact: true }).fill('200');
    await page.getByLabel('Folds', { exact: true }).fill('4');
    await page.getByRole('button', { name: 'Backtest', exact: true }).click();
    const panel = page.locator('#backtest');
    await panel.getByRole('heading', { name: 'Backtest: 4 folds, expanding window' }).waitFor({ timeout: 30_000 });
    await panel.getByText(/Fold 1 of 4 training/).waitFor({ timeout: 60_000 });
    await panel.getByRole('button', { name: 'Stop backtest' }).click();
    await expect.poll(() => panel.locator('.status-tag').innerText(), { timeout: 120_000 }).toBe('stopped');
    expect(await panel.innerText()).not.toMatch(/Fold [2-4] of 4/);
    await expect.poll(() => page.getByRole('button', { name: 'Backtest', exact: true }).isEnabled()).toBe(true);
  }, 300_000);
});
