// Runs in: vitest (Node) driving Debian's Chromium against the real browser mode. The window as a desktop frame at
// 1280x800 and 1920x1080: the document never scrolls (before and after Train), the header stays on top, nothing pokes
// out sideways; a long test range opens on its last week; a reload during a run keeps the session and shows the run
// live; the dark colour scheme gives a dark window, with readable status tags in both themes.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, SZEGED_SLICE, browserSkipReason, fillLongRun, frameReport, importCsv, useBrowserSession } from '../support/browser-session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);

const DAY = 86_400_000;

async function expectFixedFrame(page: Page, when: string): Promise<void> {
  // Let a smooth scroll (Train scrolls the main area to the run) come to rest first.
  await page.waitForTimeout(600);
  const frame = await frameReport(page);
  expect(frame.documentScrollHeight, `${when}: the document is taller than the window`).toBe(frame.viewport.height);
  expect(frame.documentScrollWidth, `${when}: the document is wider than the window`).toBe(frame.viewport.width);
  expect(frame.documentScrollTop, `${when}: the document scrolled`).toBe(0);
  expect(frame.headerTop, `${when}: the header left the top`).toBe(0);
  for (const pane of frame.panes) expect(pane.scrollWidth, `${when}: the ${pane.name} scrolls sideways`).toBeLessThanOrEqual(pane.clientWidth);
  expect(frame.overflowing, `${when}: elements overflow sideways`).toEqual([]);
}

async function trainAndWait(page: Page, epochs = '2'): Promise<void> {
  await page.getByLabel('Epochs').fill(epochs);
  await page.getByRole('button', { name: 'Train' }).click();
  const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
  await expect.poll(() => status.innerText(), { timeout: 120_000 }).toMatch(/Completed$/);
}

/** The x range the chart shows and the data's own, from the attributes the chart keeps on its plot. */
async function chartRange(page: Page, name: string) {
  const plot = page.getByRole('img', { name, exact: true });
  const read = (attribute: string) => plot.getAttribute(attribute).then(Number);
  return { min: await read('data-view-min'), max: await read('data-view-max'), dataMin: await read('data-bounds-min'), dataMax: await read('data-bounds-max') };
}

for (const viewport of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
  describe.skipIf(skipReason !== null)(`browser mode: a fixed frame at ${viewport.width}x${viewport.height}`, () => {
    const web = useBrowserSession({ viewport });

    it('never scrolls the document, before and after Train, and keeps the header on top', async () => {
      const { page, serve } = web;
      await page.goto(serve.url);
      await page.getByRole('button', { name: 'Train' }).waitFor();
      await expectFixedFrame(page, 'empty window');
      await importCsv(page, SZEGED_SLICE);
      await page.getByText(/Validation starts at/).first().waitFor({ timeout: 30_000 });
      await expectFixedFrame(page, 'after import');
      await trainAndWait(page);
      await expectFixedFrame(page, 'after Train');
      // Train brought the run into view by scrolling the main area, not the page.
      expect(await page.locator('#main-content').evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    });

    it('opens the predictions on the last 7 days of the hourly test range, axis bounded by the data', async () => {
      const { page } = web;
      const range = await chartRange(page, 'Predictions chart');
      // The slice's test range is ~18 days of hourly rows: the chart opens on its last week.
      expect(range.dataMax - range.dataMin).toBeGreaterThan(10 * DAY);
      expect(range.max).toBe(range.dataMax);
      expect(range.max - range.min).toBe(7 * DAY);
      // Times on the file's clock (+01:00 in December), and the whole range in the overview strip.
      const chart = page.getByRole('img', { name: 'Predictions chart', exact: true }).locator('..');
      expect(await chart.innerText()).toMatch(/Showing Dec 24, 2006, 23:00 – Dec 31, 2006, 23:00 of Dec \d+, 2006/);
      await page.getByRole('button', { name: 'Show all' }).first().click();
      await expect.poll(async () => (await chartRange(page, 'Predictions chart')).min).toBe(range.dataMin);
      await page.getByRole('button', { name: 'Last 7 days' }).first().click();
      await expect.poll(async () => (await chartRange(page, 'Predictions chart')).min).toBe(range.min);
    });
  });
}

describe.skipIf(skipReason !== null)('browser mode: the session survives a reload', () => {
  const web = useBrowserSession({ viewport: { width: 1280, height: 800 } });

  it('asks before leaving during a run, and after the reload shows the same dataset, form and the live run', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    await importCsv(page, SZEGED_SLICE);
    await page.getByLabel('Target column').selectOption('Humidity');
    await fillLongRun(page);
    await page.getByLabel('Seed').fill('7');
    await page.getByRole('button', { name: 'Train' }).click();
    const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
    await expect.poll(() => status.innerText(), { timeout: 60_000 }).toMatch(/Run 1 · epoch [2-9]/);

    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    expect(dialogs).toEqual(['beforeunload']);

    await page.getByRole('heading', { name: 'Dataset' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('#dataset').innerText()).toContain('szeged-3000.csv');
    expect(await page.getByRole('radio', { name: 'Forecasting' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Target column').inputValue()).toBe('Humidity');
    expect(await page.getByLabel('Window', { exact: true }).inputValue()).toBe('64');
    expect(await page.getByLabel('Cell').inputValue()).toBe('LSTM');
    expect(await page.getByLabel('Layers').inputValue()).toBe('3');
    expect(await page.getByLabel('Seed').inputValue()).toBe('7');
    expect(await page.getByLabel('Epochs').inputValue()).toBe('1000');

    // The run is shown and still moving: its epoch counter goes up without any click.
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/^Run 1 · epoch \d+\/1000/);
    const epochOf = async () => Number(/epoch (\d+)/.exec(await status.innerText())?.[1]);
    const before = await epochOf();
    await expect.poll(epochOf, { timeout: 60_000 }).toBeGreaterThan(before);
    expect(await page.getByRole('heading', { name: 'Run 1' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/Stopped$/);
    await expectFixedFrame(page, 'after the reload');
  });

  it('keeps the text task and its settings across a reload', async () => {
    const { page } = web;
    await importCsv(page, join(ROOT, 'test', 'fixtures', 'imdb-300.csv'));
    await expect.poll(() => page.getByRole('radio', { name: 'Text classification' }).isChecked()).toBe(true);
    await page.getByLabel('Embedding dimension').fill('12');
    await page.reload();
    await page.getByRole('heading', { name: 'Dataset' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('#dataset').innerText()).toContain('imdb-300.csv');
    expect(await page.getByRole('radio', { name: 'Text classification' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Embedding dimension').inputValue()).toBe('12');
  });
});

/** Relative luminance contrast of each status tag's text on its own background, computed in the page. */
function tagContrasts(page: Page): Promise<number[]> {
  return page.locator('.status-tag').evaluateAll((tags) => {
    const channels = (colour: string) => (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const luminance = (colour: string) => {
      const [r, g, b] = channels(colour).map((c) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    return tags.map((tag) => {
      const style = getComputedStyle(tag);
      const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
    });
  });
}

/** Brightness (0 black .. 1 white) of the window's background and of a panel on it; both must follow the theme. */
const backgroundLuminance = (page: Page) =>
  page.evaluate(() => {
    const brightness = (el: Element | null) => {
      const colour = el ? getComputedStyle(el).backgroundColor : '';
      const [r, g, b, a] = (colour.match(/[\d.]+/g) ?? []).map(Number);
      if (r === undefined || a === 0) throw new Error(`no background on ${el?.tagName}: "${colour}"`);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    return [brightness(document.documentElement), brightness(document.querySelector('.panel'))];
  });

describe.skipIf(skipReason !== null)('browser mode: dark colour scheme', () => {
  const web = useBrowserSession({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });

  it('follows the system into a dark window, switches with the theme toggle, and keeps tags readable in both', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Train' }).waitFor();
    for (const brightness of await backgroundLuminance(page)) expect(brightness).toBeLessThan(0.15);
    await importCsv(page, SZEGED_SLICE);
    await trainAndWait(page, '1');
    const dark = await tagContrasts(page);
    expect(dark.length).toBeGreaterThan(0);
    for (const ratio of dark) expect(ratio).toBeGreaterThanOrEqual(4.5);

    await page.getByLabel('Theme').selectOption('light');
    await expect.poll(async () => Math.min(...(await backgroundLuminance(page)))).toBeGreaterThan(0.9);
    for (const ratio of await tagContrasts(page)) expect(ratio).toBeGreaterThanOrEqual(4.5);
    // The choice is kept: a reload stays light although the system is dark.
    await page.reload();
    await page.getByRole('button', { name: 'Train' }).waitFor();
    expect(Math.min(...(await backgroundLuminance(page)))).toBeGreaterThan(0.9);
  });
});
