// Runs in: vitest (Node) driving Debian's Chromium against the real browser mode. A backtest outlives the page that
// started it: reloading the window mid-backtest brings the panel back (listJobs), still following the folds as they
// train, with Stop, and it ends with its table of folds. The panel after the reload is saved to
// test-results/screenshots/evaluation-backtest-after-reload.png.
import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOT_DIR, SZEGED_SLICE, browserSkipReason, importCsv, useBrowserSession } from '../support/browser-session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);

describe.skipIf(skipReason !== null)('browser mode: a backtest survives a reload of the window', () => {
  const web = useBrowserSession({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });

  it('reloads mid-backtest: the panel comes back running, follows the later folds and ends with its table', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    await importCsv(page, SZEGED_SLICE);
    await page.getByLabel('Target column').selectOption('Temperature (C)');
    await page.getByLabel('Hidden units', { exact: true }).fill('4');
    // Enough epochs that fold 1 still trains after the reload, few enough that three folds end in minutes here.
    await page.getByLabel('Epochs', { exact: true }).fill('12');
    await page.getByLabel('Folds', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Backtest', exact: true }).click();
    const panel = page.locator('#backtest');
    await panel.getByText(/Fold 1 of 3 training/).waitFor({ timeout: 60_000 });

    await page.reload();
    await panel.getByRole('heading', { name: 'Backtest: 3 folds, expanding window' }).waitFor({ timeout: 30_000 });
    // Still running, with its Stop, and the Backtest button waits for it.
    await panel.getByRole('button', { name: 'Stop backtest' }).waitFor({ timeout: 30_000 });
    expect(await panel.innerText()).toMatch(/Fold [1-3] of 3 training/);
    expect(await page.getByRole('button', { name: 'Backtesting…', exact: true }).isDisabled()).toBe(true);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: join(SCREENSHOT_DIR, 'evaluation-backtest-after-reload.png') });

    // The reloaded page follows the job's events: a later fold shows, then the table of all three.
    await panel.getByText(/Fold [23] of 3 training/).waitFor({ timeout: 300_000 });
    const table = panel.getByRole('table', { name: 'Backtest folds' });
    await table.waitFor({ timeout: 400_000 });
    expect(await table.locator('tbody tr').count()).toBe(3);
    expect(await panel.locator('.status-tag').innerText()).toBe('done');
    await expect.poll(() => page.getByRole('button', { name: 'Backtest', exact: true }).isEnabled()).toBe(true);
    // The parent run joined the runs table when the job ended, unseen by the page that started it.
    const parent = (await panel.getByText(/Logged as run \d+/).innerText()).match(/run (\d+)/)![1];
    await expect.poll(() => page.getByRole('table', { name: 'Runs', exact: true }).getByRole('button', { name: `Open run ${parent}` }).count(), { timeout: 20_000 }).toBe(1);
  }, 720_000);
});
