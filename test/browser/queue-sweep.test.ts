// Runs in: vitest (Node) driving Debian's Chromium against the real browser mode connected to a real Redis
// (`npm run serve -- --queue redis://...`, password-protected), with two real `seqlab worker` processes (the built
// CLI) sharing the app's SQLite run log. A 4-trial sweep started from the window with "Run on: workers" shows live
// per-epoch progress from the queue before it ends, completes every trial, and names both workers in the sweep view;
// the Redis password never reaches the page. Stop pauses the queue and Resume resumes it. Every process is stopped
// by its PID afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SZEGED_SLICE, browserSkipReason, importCsv, launchChromium, saveScreenshot, startServe, type ServeProcess } from '../support/browser-session';
import { startCli, until, type CliProcess } from '../support/cli-process';
import { startRedis, type RedisServer } from '../support/servers';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);

const REDIS_PASSWORD = 'window-Queue-77';
// LSTM trials of a few seconds each (a fraction of a second per epoch here): long enough to be seen mid-way.
const EPOCHS = 8;
const STOP_EPOCHS = 100;

describe.skipIf(skipReason !== null)('browser mode: a sweep run on two workers through the queue', () => {
  let redis: RedisServer;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let home: string;
  const workers: CliProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis({ password: REDIS_PASSWORD });
    serve = await startServe(['--queue', redis.url]);
    home = mkdtempSync(join(tmpdir(), 'seqlab-workers-'));
    // Two workers on this machine share the app's SQLite file (WAL); each keeps its own dataset cache.
    for (const name of ['worker-a', 'worker-b']) {
      workers.push(startCli(['worker', '--queue', redis.url, '--db', serve.dbPath, '--name', name], { XDG_DATA_HOME: join(home, name) }));
    }
    for (const worker of workers) await until('the worker to start', () => /taking trials from/.test(worker.out()), 60_000, worker);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => console.error('[page error]', error.message));
  });

  afterAll(async () => {
    await browser?.close();
    for (const worker of workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) process.kill(worker.child.pid!, 'SIGKILL');
      await worker.exited;
    }
    await serve?.stop();
    await redis?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('enqueues the trials, shows their epochs live, and names the worker of each', async () => {
    await page.goto(serve.url);
    await importCsv(page, SZEGED_SLICE);
    await page.getByLabel('Target column').selectOption('Temperature (C)');
    await page.getByLabel('Cell').selectOption('LSTM');
    await page.getByLabel('Epochs', { exact: true }).fill(String(EPOCHS));

    await page.getByRole('button', { name: 'New sweep…' }).click();
    const form = page.getByRole('group', { name: 'New sweep' });
    await form.getByLabel('Sweep name').fill('on workers');
    await form.getByLabel('Window values').fill('24, 48');
    await form.getByLabel('Hidden units values').fill('16, 32');
    await expect.poll(() => form.getByText(/Will make 4 runs/).count()).toBe(1);
    // The queue is connected, so Workers can be chosen; by keyboard, as the radio group allows.
    const runOn = form.getByRole('group', { name: 'Run on' });
    const workersRadio = runOn.getByRole('radio', { name: /Workers/ });
    expect(await workersRadio.isEnabled()).toBe(true);
    await runOn.getByRole('radio', { name: 'This machine' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await workersRadio.isChecked()).toBe(true);
    // Shown where the queue is, without its password.
    expect(await runOn.innerText()).toContain(`redis://:***@127.0.0.1:${redis.port}`);
    // Every state of the ranking's rows as the page draws it, so a trial seen mid-way is caught however short.
    await page.evaluate(() => {
      const seen: string[][] = [];
      (window as unknown as { seenRows: string[][] }).seenRows = seen;
      new MutationObserver(() => {
        for (const tr of document.querySelectorAll('#sweeps table[aria-label$="ranking, best first"] tbody tr')) {
          seen.push([...tr.children].map((td) => (td as HTMLElement).innerText.trim()));
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await form.getByRole('button', { name: 'Start sweep' }).click();

    await page.getByRole('heading', { name: 'Sweep 1: on workers' }).waitFor({ timeout: 30_000 });
    const ranking = page.getByRole('table', { name: 'Sweep 1 ranking, best first' });
    const rows = () =>
      ranking.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => (td as HTMLElement).innerText.trim())));
    const header = await ranking.locator('thead th').allInnerTexts();
    const col = (name: string) => header.indexOf(name);
    expect(col('Worker')).toBeGreaterThan(0);

    // Live progress: a trial still running showed an epoch short of the last, reported through the queue, with its
    // worker's name, before the sweep ended.
    const midway = new RegExp(`^[1-${EPOCHS - 1}]/${EPOCHS}\\b`);
    const seenMidway = async () =>
      (await page.evaluate(() => (window as unknown as { seenRows: string[][] }).seenRows)).filter(
        (row) => row[col('Status')] === 'Running' && midway.test(row[col('Epoch')]) && /^worker-[ab]$/.test(row[col('Worker')]),
      );
    await expect
      .poll(async () => (await seenMidway()).length > 0, { timeout: 400_000, interval: 500 })
      .toBe(true)
      .catch(async (error: unknown) => {
        await saveScreenshot(page, 'queue-sweep-workers-failed');
        throw new Error(`${(error as Error).message}\nrows: ${JSON.stringify(await rows())}\n${workers.map((w) => w.out()).join('\n')}\nserve: ${serve.output()}`);
      });

    await expect.poll(() => page.getByText(/4 of 4 runs finished/).count(), { timeout: 400_000, interval: 1000 }).toBe(1);
    await expect.poll(async () => (await rows()).map((row) => row[col('Status')]), { timeout: 20_000 }).toEqual(['Completed', 'Completed', 'Completed', 'Completed']);
    const done = await rows();
    expect(done.map((row) => row[col('Epoch')].split(' ')[0])).toEqual(Array(4).fill(`${EPOCHS}/${EPOCHS}`));
    // Both workers trained some of the trials, and the view says which.
    expect(new Set(done.map((row) => row[col('Worker')]))).toEqual(new Set(['worker-a', 'worker-b']));
    await page.getByRole('heading', { name: 'Sweep 1: on workers' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'queue-sweep-workers');

    // The runs table reads the same log the workers wrote, and heard of each run as it finished.
    await expect.poll(() => page.getByRole('table', { name: 'Runs', exact: true }).locator('tbody tr').count(), { timeout: 20_000 }).toBe(4);
    expect(await page.content()).not.toContain(REDIS_PASSWORD);
    for (const worker of workers) expect(worker.out()).not.toContain(REDIS_PASSWORD);
  }, 600_000);

  it('Stop pauses the queue (trials in hand finish, the rest wait) and Resume finishes the sweep', async () => {
    // Trials long enough that neither worker can finish its first and take another before Stop lands (at 8 epochs the
    // fused kernels now finish a trial in about a second, and all four were once taken before the queue paused).
    await page.getByLabel('Epochs', { exact: true }).fill(String(STOP_EPOCHS));
    await page.getByRole('button', { name: 'New sweep…' }).click();
    const form = page.getByRole('group', { name: 'New sweep' });
    await form.getByLabel('Sweep name').fill('stop and resume');
    await form.getByLabel('Window values').fill('24, 48');
    await form.getByLabel('Hidden units values').fill('16, 24');
    await form.getByRole('group', { name: 'Run on' }).getByRole('radio', { name: /Workers/ }).check();
    await form.getByRole('button', { name: 'Start sweep' }).click();
    await page.getByRole('heading', { name: 'Sweep 2: stop and resume' }).waitFor({ timeout: 30_000 });
    const ranking = page.getByRole('table', { name: 'Sweep 2 ranking, best first' });
    const statuses = async () => (await ranking.locator('tbody tr').allInnerTexts()).map((row) => /Queued|Running|Completed|Failed|Stopped/.exec(row)?.[0]);

    // Stop as soon as a worker has a trial: each worker finishes the one in hand, nobody takes another.
    await expect.poll(async () => (await statuses()).includes('Running'), { timeout: 120_000, interval: 100 }).toBe(true);
    await page.getByRole('button', { name: 'Stop sweep' }).click();
    await page.getByRole('button', { name: 'Resume sweep' }).waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await statuses()).includes('Running'), { timeout: 120_000, interval: 250 }).toBe(false);
    const held = (await statuses()).filter((status) => status === 'Queued').length;
    expect(held).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(new RegExp(`${4 - held} of 4 runs finished, ${held} waiting in the queue`)).count(), { timeout: 20_000 }).toBe(1);
    // Paused for real: the workers are idle and still take nothing.
    await new Promise((r) => setTimeout(r, 3000));
    expect((await statuses()).filter((status) => status === 'Queued')).toHaveLength(held);
    await saveScreenshot(page, 'queue-sweep-stopped');

    await page.getByRole('button', { name: 'Resume sweep' }).click();
    await expect.poll(() => page.getByText(/4 of 4 runs finished/).count(), { timeout: 400_000, interval: 1000 }).toBe(1);
    await expect.poll(statuses, { timeout: 20_000 }).toEqual(['Completed', 'Completed', 'Completed', 'Completed']);
    await expect.poll(() => page.getByRole('table', { name: 'Sweep list' }).innerText()).toMatch(/#2 stop and resume[^\n]*Completed/);
  }, 600_000);
});
