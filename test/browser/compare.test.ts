// Runs in: vitest (Node) driving Debian's Chromium against the real browser mode: three real runs trained through
// the UI on the Szeged slice, differing only in Window and Cell, then compared: the diff shows exactly those two.
import { describe, expect, it } from 'vitest';
import { browserSkipReason, useBrowserSession, importCsv, SZEGED_SLICE } from '../support/browser-session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);


describe.skipIf(skipReason !== null)('browser mode: compare three real runs', () => {
  const web = useBrowserSession();

  async function train(window: string, cell: string, expectedRuns: number): Promise<void> {
    const { page } = web;
    await page.getByLabel('Window', { exact: true }).fill(window);
    await page.getByLabel('Cell').selectOption(cell);
    await page.getByLabel('Epochs').fill('1');
    await page.getByRole('button', { name: 'Train' }).click();
    const runs = page.getByRole('table', { name: 'Runs' });
    await expect.poll(() => runs.locator('tbody tr').count(), { timeout: 30_000 }).toBe(expectedRuns);
    const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
    await expect.poll(() => status.innerText(), { timeout: 120_000 }).toMatch(new RegExp(`Run ${expectedRuns}\\b.*Completed$`));
  }

  it('trains three runs through the UI and shows exactly the settings that differ', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    await importCsv(page, SZEGED_SLICE);
    await page.getByLabel('Target column').selectOption('Temperature (C)');

    await train('5', 'SimpleRNN', 1);
    await train('8', 'SimpleRNN', 2);
    await train('5', 'GRU', 3);

    const compare = page.getByRole('button', { name: 'Compare' });
    expect(await compare.isDisabled()).toBe(true);
    for (const id of [1, 2, 3]) await page.getByRole('checkbox', { name: `Select run ${id}` }).check();
    await compare.click();

    const settings = page.getByRole('table', { name: 'Settings that differ' });
    await settings.waitFor({ timeout: 20_000 });
    expect(await settings.getByRole('rowheader').allInnerTexts()).toEqual(['Window', 'Cell']);
    const values = async (name: string) =>
      settings.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) }).getByRole('cell').allInnerTexts();
    expect(await values('Window')).toEqual(['5', '8', '5']);
    expect(await values('Cell')).toEqual(['SimpleRNN', 'SimpleRNN', 'GRU']);

    // The toggle shows every setting, the equal ones too.
    await page.getByRole('checkbox', { name: 'Show all settings' }).check();
    const all = page.getByRole('table', { name: 'All settings' });
    await all.waitFor();
    expect(await all.getByRole('rowheader').allInnerTexts()).toEqual(expect.arrayContaining(['Window', 'Cell', 'Hidden units', 'Epochs']));

    await expect.poll(() => page.getByRole('img', { name: 'Compared loss chart' }).isVisible()).toBe(true);
    const metrics = page.getByRole('table', { name: 'Compared metrics' });
    expect(await metrics.getByRole('rowheader').allInnerTexts()).toEqual(expect.arrayContaining(['Test MAE', 'Persistence MAE']));
    // Same data and split: the predictions are overlaid too.
    await expect.poll(() => page.getByRole('img', { name: 'Compared predictions chart' }).isVisible()).toBe(true);
  });
});
