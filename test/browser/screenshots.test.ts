// Runs in: vitest (Node) driving Debian's Chromium against the real browser mode at 1440x900. A tour of the window as
// an analyst meets it (Import, Setup, Training, Results of a forecast and of a text run, Runs, Compare, Sweeps), each
// view saved in the light and the dark theme to test-results/screenshots/ (git-ignored) for people to look at. The
// frame is checked at every stop: the document never scrolls.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, SZEGED_SLICE, browserSkipReason, fillLongRun, frameReport, importCsv, saveScreenshot, useBrowserSession } from '../support/browser-session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);

/** Saves the view in both themes (the system's scheme, followed live), after checking the frame stood still. */
async function shoot(page: Page, view: string): Promise<void> {
  await page.waitForTimeout(400);
  const frame = await frameReport(page);
  expect(frame.documentScrollHeight, `${view}: the document scrolls`).toBe(frame.viewport.height);
  expect(frame.headerTop).toBe(0);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
    // Charts redraw in the new colours on the next frame.
    await page.waitForTimeout(250);
    await saveScreenshot(page, `${view}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The header's section links scroll the main area to a section, as a user would jump there. */
async function jumpTo(page: Page, section: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section, exact: true }).click();
  await page.waitForTimeout(300);
}

/** Trains and waits for this run (its number given: a previous run's "Completed" must not count) to complete. */
async function trainToEnd(page: Page, runId: number): Promise<void> {
  await page.getByRole('button', { name: 'Train' }).click();
  const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
  await expect.poll(() => status.innerText(), { timeout: 180_000 }).toMatch(new RegExp(`^Run ${runId} .*Completed$`));
}

describe.skipIf(skipReason !== null)('browser mode: every view at 1440x900 in both themes', () => {
  const web = useBrowserSession({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });

  it('saves Import, Setup, Training, Results, Runs, Compare and Sweeps', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Train' }).waitFor();
    await shoot(page, '01-import');

    await importCsv(page, SZEGED_SLICE);
    await page.getByText(/Validation starts at/).first().waitFor({ timeout: 30_000 });
    await shoot(page, '02-setup');

    await fillLongRun(page);
    await page.getByRole('button', { name: 'Train' }).click();
    const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
    await expect.poll(() => status.innerText(), { timeout: 120_000 }).toMatch(/epoch [3-9]/);
    await shoot(page, '03-training');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => status.innerText(), { timeout: 60_000 }).toMatch(/Stopped$/);

    // Two quick forecasts to show and to compare.
    await page.getByLabel('Cell').selectOption('GRU');
    await page.getByLabel('Layers').fill('1');
    await page.getByLabel('Hidden units').fill('32');
    await page.getByLabel('Window', { exact: true }).fill('24');
    await page.getByLabel('Epochs').fill('4');
    // The forecast form's Threads control on its default (the text form's is shot in text-flow.test.ts).
    const training = page.getByRole('group', { name: 'Training' });
    await training.scrollIntoViewIfNeeded();
    expect(await page.getByLabel('Threads').evaluate((select: HTMLSelectElement) => select.selectedOptions[0].textContent)).toBe('Auto');
    await training.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'forecast-form-threads.png') });
    await trainToEnd(page, 2);
    await page.getByLabel('Window', { exact: true }).fill('12');
    await trainToEnd(page, 3);
    await jumpTo(page, 'Run');
    await shoot(page, '04-results-forecast');

    await jumpTo(page, 'Runs');
    await shoot(page, '05-runs');

    await page.getByRole('checkbox', { name: 'Select run 2' }).check();
    await page.getByRole('checkbox', { name: 'Select run 3' }).check();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.getByRole('table', { name: 'Compared metrics' }).waitFor({ timeout: 20_000 });
    await jumpTo(page, 'Compare');
    await shoot(page, '06-compare');

    await importCsv(page, join(ROOT, 'test', 'fixtures', 'imdb-300.csv'));
    await expect.poll(() => page.getByRole('radio', { name: 'Text classification' }).isChecked()).toBe(true);
    await page.getByLabel('Embedding dimension').fill('8');
    await page.getByLabel('Hidden units').fill('8');
    await page.getByLabel('Vocabulary size').fill('500');
    await page.getByLabel('Epochs').fill('2');
    await trainToEnd(page, 4);
    await jumpTo(page, 'Run');
    await shoot(page, '07-results-text');

    await importCsv(page, SZEGED_SLICE);
    await page.getByLabel('Hidden units', { exact: true }).fill('4');
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'New sweep…' }).click();
    const form = page.getByRole('group', { name: 'New sweep' });
    await form.getByLabel('Sweep name').fill('window 3 or 6');
    await form.getByLabel('Window values').fill('3, 6');
    await form.getByRole('button', { name: 'Start sweep' }).click();
    await expect.poll(() => page.getByText(/2 of 2 runs finished/).count(), { timeout: 180_000, interval: 1000 }).toBe(1);
    await jumpTo(page, 'Sweeps');
    await shoot(page, '08-sweeps');
  });
});
