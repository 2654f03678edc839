// Runs in: vitest (Node) driving Debian's Chromium through Playwright against the real browser mode: a run paused,
// resumed and stopped from the window, then its saved model forecasting past the end of the loaded file.
import { describe, expect, it } from 'vitest';
import { browserSkipReason, fillLongRun, useBrowserSession, importCsv, SZEGED_SLICE } from '../support/browser-session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);

describe.skipIf(skipReason !== null)('browser mode: pause, resume, and a forecast from the saved model', () => {
  const web = useBrowserSession();

  it('pauses a run without it advancing, resumes and stops it, then forecasts past the file with its model', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    await importCsv(page, SZEGED_SLICE);
    await page.getByLabel('Target column').selectOption('Temperature (C)');
    await page.getByLabel('Horizon').fill('2');
    // A run far longer than the test waits for: it stops the run itself.
    await fillLongRun(page);
    await page.getByRole('button', { name: 'Train' }).click();

    const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
    await expect.poll(() => status.innerText(), { timeout: 60_000 }).toMatch(/epoch [2-9]/i);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toMatch(/Paused/);
    // The batch in flight when the request arrived still finishes (and reports): let it land first.
    await page.waitForTimeout(1500);
    const whilePaused = await status.innerText();
    expect(whilePaused).toMatch(/Paused/);
    await page.waitForTimeout(2000);
    expect(await status.innerText()).toBe(whilePaused);

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).not.toMatch(/Paused/);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => status.innerText(), { timeout: 90_000 }).toMatch(/Stopped/);

    const section = page.getByRole('region', { name: 'Forecast from a file' });
    await section.getByRole('button', { name: 'Forecast from szeged-3000.csv' }).click({ timeout: 30_000 });
    await expect.poll(() => section.getByRole('button', { name: 'Download CSV' }).count(), { timeout: 60_000 }).toBe(1);
    expect(await section.innerText()).not.toMatch(/error/i);
  });

  it('a run paused before a reload still offers Resume after it, and resuming goes on training', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    await importCsv(page, SZEGED_SLICE);
    await page.getByLabel('Target column').selectOption('Temperature (C)');
    await fillLongRun(page);
    await page.getByRole('button', { name: 'Train' }).click();
    const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
    await expect.poll(() => status.innerText(), { timeout: 60_000 }).toMatch(/epoch [2-9]/i);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toMatch(/Paused/);

    await page.reload();
    // The restored session shows the same run, waiting: Resume, not Pause.
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/Paused/);
    await expect.poll(() => page.getByRole('button', { name: 'Resume' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0);
    const epochWhilePaused = Number(/epoch (\d+)/i.exec(await status.innerText())?.[1]);

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).not.toMatch(/Paused/);
    // Training goes on: a later epoch is reported.
    await expect
      .poll(async () => Number(/epoch (\d+)/i.exec(await status.innerText())?.[1]), { timeout: 60_000 })
      .toBeGreaterThan(epochWhilePaused);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => status.innerText(), { timeout: 90_000 }).toMatch(/Stopped/);
  });
});
