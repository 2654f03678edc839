// Runs in: vitest (Node) driving Debian's Chromium through Playwright against the real browser mode: a multivariate,
// multi-step forecast set up through the UI (a one-hot category input, horizon 3, stride 2), previewed, then trained.
import { describe, expect, it } from 'vitest';
import { BASELINE_LABELS, BASELINE_NAMES } from '../../shared/model/metrics';
import { browserSkipReason, useBrowserSession, importCsv, SZEGED_SLICE } from '../support/browser-session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);


describe.skipIf(skipReason !== null)('browser mode: multivariate, multi-step forecast', () => {
  const web = useBrowserSession();

  it('previews the one-hot windows and the split boundaries, trains, and shows the error by horizon step beside the baselines', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    await importCsv(page, SZEGED_SLICE);

    await page.getByLabel('Target column').selectOption('Temperature (C)');
    const inputs = page.getByRole('group', { name: 'Input columns' });
    await inputs.getByLabel('Humidity', { exact: true }).check();
    await inputs.getByLabel('Precip Type (one-hot, 2 categories)').check();
    await page.getByLabel('Window', { exact: true }).fill('8');
    await page.getByLabel('Horizon').fill('3');
    await page.getByLabel('Stride').fill('2');
    await page.getByLabel('Hidden units').fill('4');
    await page.getByLabel('Epochs').fill('1');

    const preview = page.getByRole('region', { name: 'Window preview' });
    await expect.poll(() => preview.innerText(), { timeout: 30_000 }).toMatch(
      /Model inputs \(4\):\s*Precip Type=rain, Precip Type=snow, Temperature \(C\), Humidity/,
    );
    await expect.poll(() => preview.innerText()).toMatch(/Validation starts at .+; test starts at .+\./);
    expect(await page.getByRole('img', { name: 'Split boundaries chart' }).isVisible()).toBe(true);
    // The first training window: 8 input steps then 3 target steps; the slice's days are not contiguous (gaps).
    const first = preview.getByRole('table', { name: 'Train, first window' });
    await expect.poll(() => first.locator('tbody tr').count()).toBe(11);
    expect(await first.locator('thead').innerText()).toMatch(/Precip Type=rain\s+Precip Type=snow/);
    await expect.poll(() => preview.innerText()).toMatch(/gaps? in time: \d+ windows? that would span/);

    await page.getByRole('button', { name: 'Train' }).click();
    const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
    await expect.poll(() => status.innerText(), { timeout: 120_000 }).toMatch(/Completed$/);

    const steps = page.getByRole('table', { name: 'Test error by horizon step' });
    await expect.poll(() => steps.locator('tbody tr').count(), { timeout: 20_000 }).toBe(3);
    const body = await page.locator('body').innerText();
    for (const name of BASELINE_NAMES) expect(body.toLowerCase()).toContain(BASELINE_LABELS[name].toLowerCase());
  });
});
