// Runs in: vitest (Node) driving Debian's Chromium against the real browser mode: a 2-run sweep on the bundled
// Szeged sample (1 epoch, hidden 4) trains for real and both runs show ranked; then a run is exported as a zip
// (with PNGs of its charts drawn by Chart.js) and imported back as a new run.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { browserSkipReason, useBrowserSession } from '../support/browser-session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);

describe.skipIf(skipReason !== null)('browser mode: a sweep, and a run exported and imported', () => {
  const web = useBrowserSession();

  it('runs a 2-run sweep from the setup and ranks both runs', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    await page.getByRole('button', { name: /Load szeged-weather/ }).click();
    await page.getByLabel('Target column').selectOption('Temperature (C)');
    await page.getByLabel('Hidden units', { exact: true }).fill('4');
    await page.getByLabel('Epochs', { exact: true }).fill('1');

    await page.getByRole('button', { name: 'New sweep…' }).click();
    const form = page.getByRole('group', { name: 'New sweep' });
    await form.getByLabel('Sweep name').fill('window 3 or 6');
    await form.getByLabel('Window values').fill('3, 6');
    await expect.poll(() => form.getByText(/Will make 2 runs/).count()).toBe(1);
    await form.getByRole('button', { name: 'Start sweep' }).click();

    await page.getByRole('heading', { name: 'Sweep 1: window 3 or 6' }).waitFor({ timeout: 20_000 });
    const ranked = page.getByRole('table', { name: 'Sweep 1 ranking, best first' });
    await expect.poll(() => page.getByText(/2 of 2 runs finished/).count(), { timeout: 180_000, interval: 1000 }).toBe(1);
    await expect.poll(async () => (await ranked.locator('tbody tr').allInnerTexts()).join('\n'), { timeout: 20_000 }).toMatch(/Completed[\s\S]*Completed/);
    const rows = await ranked.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => (td as HTMLElement).innerText.trim())));
    expect(rows.map((row) => row[0])).toEqual(['1', '2']);
    expect(rows.map((row) => row[2]).sort()).toEqual(['3', '6']);
    const losses = rows.map((row) => Number(row[4]));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[0]).toBeLessThanOrEqual(losses[1]);
    // Both runs drawn in the parallel coordinates, one titled line each.
    const chart = page.getByRole('img', { name: 'Sweep 1: settings against the metric' });
    await expect.poll(() => chart.locator('path title').count()).toBe(2);
    // The runs table lists them like any other run.
    expect(await page.getByRole('table', { name: 'Runs', exact: true }).locator('tbody tr').count()).toBe(2);
  });

  it('exports the shown run as a zip with its chart images, and imports it back as a new run', async () => {
    const { page, serve } = web;
    await page.getByRole('button', { name: 'Show run 1' }).click();
    await page.getByRole('heading', { name: 'Run 1' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Export run' }).isEnabled(), { timeout: 20_000 }).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export run' }).click()]);
    expect(download.suggestedFilename()).toBe('seqlab-run-1.zip');
    const zipPath = join(serve.dir, download.suggestedFilename());
    await download.saveAs(zipPath);
    const entries = unzipSync(new Uint8Array(readFileSync(zipPath)));
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['run.json', 'epochs.csv', 'model/model.json', 'model/weights.bin', 'charts/loss.png', 'charts/predictions.png']));
    // Real PNGs of the drawn charts.
    for (const png of ['charts/loss.png', 'charts/predictions.png']) expect([...entries[png].subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

    await page.getByLabel('Import run').setInputFiles(zipPath);
    await page.getByRole('heading', { name: 'Run 3' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByRole('table', { name: 'Runs', exact: true }).locator('tbody tr').count()).toBe(3);
    await expect.poll(() => page.getByText(/Imported seqlab-run-1\.zip as run 3/).count()).toBe(1);
  });
});
