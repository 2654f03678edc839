// Runs in: vitest (Node) driving the real Electron app through Playwright's _electron. Skips, saying why, where the
// Electron binary is not installed (it is downloaded on first use, and machines without network cannot fetch it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const electronDir = join(ROOT, 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
const skipReason = !binary || !existsSync(binary)
  ? 'no Electron binary in node_modules/electron/dist (it cannot be downloaded on this machine); the browser-mode tests cover the same UI and API'
  : null;
if (skipReason) console.warn(`[electron e2e skipped] ${skipReason}`);

describe.skipIf(skipReason !== null)('Electron app', () => {
  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'seqlab-electron-'));
    app = await electron.launch({ executablePath: binary!, args: [ROOT, `--user-data-dir=${userData}`] });
    page = await app.firstWindow();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(userData, { recursive: true, force: true });
  });

  it('opens a sandboxed window with the typed API and no Node in the page', async () => {
    await expect.poll(() => page.title()).toBe('Seqlab');
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { seqlab?: { listRuns?: unknown } }).seqlab?.listRuns)).toBe('function');
    // Node stays out of the page (sandbox, no nodeIntegration); the page is served from our own origin.
    expect(await page.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => location.origin)).toBe('app://seqlab');
  });

  it('trains on a bundled sample and lists the run', async () => {
    await page.getByRole('button', { name: /szeged/i }).first().click();
    await page.getByLabel('Target column').selectOption('Temperature (C)');
    await page.getByLabel('Epochs').fill('1');
    await page.getByRole('button', { name: 'Train' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Run \d+/ }).first().innerText(), { timeout: 120_000 }).toMatch(/Completed$/);
    await expect.poll(() => page.getByRole('table', { name: 'Runs' }).locator('tbody tr').count()).toBe(1);
  });
});
