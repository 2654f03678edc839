// Runs in: vitest (Node) driving Debian's Chromium through Playwright against the real browser mode, restarted between
// steps (issue 13): a file the window showed comes back by itself after a restart of `npm run serve` when it is still
// in the data folder unchanged; when it is gone, the window says so, names the file and asks to open it again, and
// the settings stay. On the way, the first rows' long doubles are shown at six digits (item 4).
import { describe, expect, it, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { spawnServe } from '../support/serve-spawn';
import { browserSkipReason, importCsv, launchChromium, saveScreenshot, SZEGED_SLICE } from '../support/browser-session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);

/** `npm run serve` on one data folder and port: a restart keeps both, so the page's origin (and its saved session) too. */
async function serve(dir: string, port: number): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const started = await spawnServe(['--db', join(dir, 'runs.db'), '--port', String(port)]);
  return { url: started.url, port: Number(new URL(started.url).port), stop: started.stop };
}

describe.skipIf(skipReason !== null)('browser mode: the dataset after a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-restart-'));
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the uploaded file again by itself, and asks for it once it is gone', async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => console.error('[page error]', error.message));
    const firstWindow = page.getByRole('region', { name: 'Train, first window' });

    let server = await serve(dir, 0);
    const port = server.port;
    await page.goto(server.url);
    await importCsv(page, SZEGED_SLICE);
    await page.getByLabel('Target column').selectOption('Temperature (C)');
    await page.getByLabel('Epochs').fill('7');
    await firstWindow.waitFor({ timeout: 30_000 });
    // The first rows show long doubles at six digits, the whole value on hover (item 4).
    const temperature = page.getByRole('table', { name: 'First rows' }).getByRole('cell', { name: '0.577778', exact: true });
    expect(await temperature.getAttribute('title')).toBe('0.5777777777777773');
    await server.stop();

    // Restarted: the same file, untouched in the data folder, comes back with its preview and the settings.
    server = await serve(dir, port);
    await page.goto(server.url);
    await page.locator('#dataset .file-name').filter({ hasText: 'szeged-3000.csv' }).waitFor({ timeout: 30_000 });
    await firstWindow.waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Epochs').inputValue()).toBe('7');
    expect(await page.getByRole('alert').filter({ hasText: /no longer|open it again/ }).count()).toBe(0);
    await saveScreenshot(page, 'restart-restored');
    await server.stop();

    // Restarted after the file was removed: a message naming it and what to do; the settings stay.
    for (const name of readdirSync(join(dir, 'uploads'))) if (name.endsWith('.csv')) rmSync(join(dir, 'uploads', name));
    server = await serve(dir, port);
    await page.goto(server.url);
    const alert = page.getByRole('alert').filter({ hasText: /szeged-3000\.csv/ });
    await expect.poll(() => alert.innerText(), { timeout: 30_000 }).toMatch(
      /szeged-3000\.csv is no longer where it was imported from \(Seqlab was restarted\): open it again to preview and train\. Your settings are kept\./,
    );
    expect(await page.getByLabel('Epochs').inputValue()).toBe('7');
    await saveScreenshot(page, 'restart-file-gone');
    await server.stop();
  });
});
