// Runs in: vitest (Node) driving Debian's Chromium through Playwright against the real browser mode:
// real server, real SQLite file, real training in a forked trainer. The course's first exercise, end to end.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, browserSkipReason, fillLongRun, useBrowserSession, importCsv, SZEGED_SLICE } from '../support/browser-session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);


/** Drop a file onto an element the way a user's drag from the desktop does (a DataTransfer with a File). */
async function dropFile(page: Page, selector: string, path: string, name: string, type = 'text/csv'): Promise<void> {
  const content = readFileSync(path).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ({ content, name, type }) => {
      const bytes = Uint8Array.from(atob(content), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type }));
      return transfer;
    },
    { content, name, type },
  );
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer });
  await page.dispatchEvent(selector, 'dragover', { dataTransfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

describe.skipIf(skipReason !== null)('browser mode: forecast the next hour from a dropped CSV', () => {
  const web = useBrowserSession();

  it('refuses requests without the token', async () => {
    const { serve } = web;
    const bare = await fetch(`${serve.origin}/`);
    expect(bare.status).toBe(403);
    const wrong = await fetch(`${serve.origin}/?token=not-the-token`);
    expect(wrong.status).toBe(403);
    const upload = await fetch(`${serve.origin}/upload`, { method: 'POST', body: 'a,b\n1,2\n' });
    expect(upload.status).toBe(403);
  });

  it('drops the Szeged slice, previews it, trains the default SimpleRNN and shows the results', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    await expect.poll(() => page.title()).toBe('Seqlab');

    await dropFile(page, 'body', SZEGED_SLICE, 'szeged-3000.csv');
    // Preview: typed columns and the findings about the real file's quirks.
    const columnsTable = page.getByRole('table', { name: /columns/i });
    await columnsTable.waitFor({ timeout: 30_000 });
    await expect.poll(() => columnsTable.innerText()).toMatch(/Temperature \(C\)\s+number/);
    await expect.poll(() => columnsTable.innerText()).toMatch(/Formatted Date\s+datetime/);
    await expect.poll(() => page.locator('body').innerText()).toMatch(/not in time order|sorted by/i);

    await page.getByLabel('Target column').selectOption('Temperature (C)');
    expect(await page.getByLabel('Window', { exact: true }).inputValue()).toBe('5');
    expect(await page.getByLabel('Horizon').inputValue()).toBe('1');
    expect(await page.getByLabel('Hidden units').inputValue()).toBe('32');
    expect(await page.getByLabel('Layers').inputValue()).toBe('1');
    expect(await page.getByLabel('Cell').inputValue()).toBe('SimpleRNN');
    expect(await page.getByLabel('Bidirectional').isChecked()).toBe(false);
    await page.getByLabel('Epochs').fill('3');

    await page.getByRole('button', { name: 'Train' }).click();
    const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
    await expect.poll(() => status.innerText(), { timeout: 120_000 }).toMatch(/Completed$/);

    await expect.poll(() => page.getByRole('img', { name: 'Loss chart' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('img', { name: 'Predictions chart' }).isVisible()).toBe(true);
    // The metrics table names the persistence baseline beside the model.
    await expect.poll(() => page.locator('body').innerText()).toMatch(/persistence/i);
    await expect.poll(() => page.locator('body').innerText()).toMatch(/MAE/);
    // What training did is shown with the run: this default model trained as one fused network.
    await expect.poll(() => page.getByRole('list', { name: 'Notes from training' }).innerText()).toMatch(/Computed as one fused network/);

    const runs = page.getByRole('table', { name: 'Runs' });
    await expect.poll(() => runs.locator('tbody tr').count()).toBe(1);

    // The same run is in the SQLite log, as the CLI sees it.
    const listed = JSON.parse(
      execFileSync(process.execPath, [join(ROOT, 'bin', 'seqlab.js'), 'runs', '--db', serve.dbPath, '--json'], { encoding: 'utf8' }),
    ) as { id: number; status: string; epochsRun: number; backend: string; metrics: { test: { mae: number } } }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ status: 'completed', epochsRun: 3 });
    expect(listed[0].metrics.test.mae).toBeGreaterThan(0);
    expect(await page.locator('body').innerText()).toContain(listed[0].backend);
  });

  it('after a reload the run is still listed and opens with its charts', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    const runs = page.getByRole('table', { name: 'Runs' });
    await expect.poll(() => runs.locator('tbody tr').count(), { timeout: 20_000 }).toBe(1);
    await page.getByRole('button', { name: /Open run 1/ }).click();
    await expect.poll(() => page.getByRole('img', { name: 'Loss chart' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('img', { name: 'Predictions chart' }).isVisible()).toBe(true);
  });

  it('stops a run on request and keeps it as Stopped', async () => {
    const { page } = web;
    await importCsv(page, SZEGED_SLICE);
    await page.getByLabel('Target column').selectOption('Temperature (C)');
    await fillLongRun(page);
    await page.getByRole('button', { name: 'Train' }).click();
    const stop = page.getByRole('button', { name: 'Stop' });
    await expect.poll(() => stop.isEnabled(), { timeout: 30_000 }).toBe(true);
    // Let it train an epoch so "keeps what was learned" means something.
    await expect.poll(() => page.getByRole('status').filter({ hasText: /epoch [2-9]/i }).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await stop.click();
    const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/Stopped$/);
    const runs = page.getByRole('table', { name: 'Runs' });
    await expect.poll(() => runs.locator('tbody tr').count()).toBe(2);
  });

  it('shows a clear message for a file that is not a CSV, and for a window longer than the data', async () => {
    const { page, serve } = web;
    const notCsv = join(serve.dir, 'notes.txt');
    writeFileSync(
      notCsv,
      'Dear team,\nthe meeting moved to Thursday; bring the slides, the budget and, if you can, coffee.\nThanks!\n',
    );
    await page.getByLabel('CSV file').setInputFiles(notCsv);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.innerText(), { timeout: 20_000 }).toMatch(/CSV/);

    const tiny = join(serve.dir, 'tiny.csv');
    writeFileSync(tiny, 'time,value\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n2020-01-04,4\n2020-01-05,5\n2020-01-06,6\n');
    await page.getByLabel('CSV file').setInputFiles(tiny);
    await page.getByRole('table', { name: /columns/i }).waitFor({ timeout: 20_000 });
    await page.getByLabel('Target column').selectOption('value');
    await page.getByLabel('Window', { exact: true }).fill('50');
    await page.getByRole('button', { name: 'Train' }).click();
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 20_000 }).toMatch(/[Ww]indow/);
  });

  it('trains a multivariate, 3-step run and shows it against every baseline', async () => {
    const { page } = web;
    await importCsv(page, SZEGED_SLICE);
    await page.getByLabel('Target column').selectOption('Temperature (C)');
    await page.getByRole('checkbox', { name: 'Humidity', exact: true }).check();
    await page.getByLabel('Window', { exact: true }).fill('5');
    await page.getByLabel('Horizon').fill('3');
    // The form keeps the previous test's heavy run: back to the default model.
    await page.getByLabel('Cell').selectOption('SimpleRNN');
    await page.getByLabel('Layers').fill('1');
    await page.getByLabel('Hidden units').fill('32');
    await page.getByLabel('Epochs').fill('2');
    await expect.poll(() => page.locator('body').innerText()).toMatch(/1 layer · [\d,]+ parameters/);
    await page.getByRole('button', { name: 'Train' }).click();
    const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
    await expect.poll(() => status.innerText(), { timeout: 120_000 }).toMatch(/Completed$/);

    const metrics = page.getByRole('table', { name: /Metrics/ });
    await expect.poll(() => metrics.innerText()).toMatch(/seasonal naive/);
    const text = await metrics.innerText();
    for (const name of ['persistence', 'mean of the window', 'drift', 'linear regression', '(best baseline)', 'sMAPE', 'MASE']) {
      expect(text).toContain(name);
    }
    expect(await page.locator('body').innerText()).toMatch(/Model: (\d+(\.\d)?% lower MAE than|Worse than) the best baseline, /);
    const steps = page.getByRole('table', { name: 'Test error by horizon step' });
    await expect.poll(() => steps.locator('tbody tr').count()).toBe(3);
    await expect.poll(() => page.getByRole('img', { name: 'Residuals chart' }).isVisible()).toBe(true);
  });
});
