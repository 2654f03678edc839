// Runs in: vitest (Node) driving Debian's Chromium through Playwright against the real browser mode: real server,
// real SQLite file, real training in a forked trainer. Inside the model (issue 16): a small LSTM forecast run and a
// text run are trained, then looked inside: a window's states, gates, equations and numbers, permutation
// importance, and a typed sentence's words and embedding lookup. Screenshots go to test-results/screenshots/.
import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ROOT, SZEGED_SLICE, browserSkipReason, importCsv, useBrowserSession } from '../support/browser-session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);

const IMDB = join(ROOT, 'test', 'fixtures', 'imdb-300.csv');
const SHOTS = join(ROOT, 'test-results', 'screenshots');

async function shoot(target: Page | Locator, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await target.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Scrolls the main area so this element is at its top, as a user reading down would see it. */
async function toTop(target: Locator): Promise<void> {
  await target.evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

/**
 * Trains and waits for the new run to complete. The previous run's "Run N: Completed" stays in the status until the
 * new run shows, so the wait is for a run number other than the one shown before Train. It fails at once, with the
 * page's words and a screenshot, when the run ends otherwise, or after 200 s with the page's alerts (this wait timed out in two
 * CI runs under load and passes locally every time: the next failure should say why).
 */
async function trainAndWait(page: Page, name: string): Promise<void> {
  const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
  const runShown = async () => ((await status.count()) ? (/Run (\d+)/.exec(await status.innerText())?.[1] ?? null) : null);
  const before = await runShown();
  await page.getByRole('button', { name: 'Train' }).click();
  const deadline = Date.now() + 200_000;
  let seen = '';
  while (Date.now() < deadline) {
    const shown = await runShown();
    seen = shown !== null && shown !== before ? await status.innerText() : `still run ${before ?? 'none'}`;
    if (/Completed$/.test(seen)) return;
    if (/: (Failed|Stopped|Interrupted)/.test(seen)) break;
    await page.waitForTimeout(250);
  }
  await shoot(page, `inside-${name}-train-failed`);
  const alerts = await page.getByRole('alert').allInnerTexts();
  throw new Error(`The ${name} run did not complete: status "${seen}"; alerts ${JSON.stringify(alerts)}; invalid fields ${JSON.stringify(
    await page.locator('[aria-invalid="true"]').evaluateAll((els) => els.map((el) => el.getAttribute('id') ?? el.getAttribute('name'))),
  )}`);
}

describe.skipIf(skipReason !== null)('browser mode: Inside the model', () => {
  const web = useBrowserSession();

  it('looks inside a small LSTM forecast run: a window\'s inputs, states, gates, equations with numbers, and the prediction', async () => {
    const { page, serve } = web;
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(serve.url);
    await importCsv(page, SZEGED_SLICE);
    await page.getByLabel('Target column').selectOption('Temperature (C)');
    await page.getByLabel('Window', { exact: true }).fill('12');
    await page.getByLabel('Cell').selectOption('LSTM');
    await page.getByLabel('Hidden units').fill('6');
    await page.getByLabel('Epochs').fill('10');
    await trainAndWait(page, 'forecast');

    await page.getByRole('button', { name: 'Open Inside the model' }).click();
    const summary = page.locator('.forecast-inside .summary');
    await expect.poll(() => summary.count(), { timeout: 60_000 }).toBe(1);
    expect(await summary.innerText()).toMatch(/^Window \d+ of [\d,]+: 12 steps of 1 input, .* predicts Temperature \(C\) at .*: -?[\d.]+, truth -?[\d.]+\.$/);
    // The worst-predicted window opened first.
    const worst = page.getByRole('list', { name: 'Worst predicted' }).getByRole('button');
    await expect.poll(() => worst.first().getAttribute('aria-pressed')).toBe('true');

    for (const name of ['h_t, hidden state', 'i_t, input gate', 'f_t, forget gate', 'g_t, candidate', 'o_t, output gate', 'c_t, cell state']) {
      expect(await page.getByRole('slider', { name: new RegExp(`^${name} of layer 1: choose a step`) }).isVisible()).toBe(true);
    }
    // The engine's equations are the model's: TensorFlow.js' own predict agrees.
    const check = await page.getByText(/TensorFlow.js' own predict on the saved model gives/).innerText();
    expect(Number(/largest difference from the equations (\d(?:\.\d)?e[+-]\d+)/.exec(check)![1])).toBeLessThan(1e-4);

    // A weight's matrix with its shape; then a step and a unit, computed with their numbers.
    await page.getByRole('button', { name: 'W_xf, input weights of the forget gate, 1 × 6' }).click();
    expect(await page.getByRole('img', { name: 'W_xf, input weights of the forget gate, 1 × 6' }).isVisible()).toBe(true);
    const hidden = page.getByRole('slider', { name: /^h_t, hidden state of layer 1: choose a step/ });
    await hidden.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('slider', { name: 'Step', exact: true }).inputValue()).toBe('1');
    const step = page.getByRole('table', { name: /^Step t−10 · .*, unit 1: pre-activation, then activation$/ });
    expect(await step.locator('tbody tr').count()).toBe(4);
    expect(await page.getByText(/recomputed here differ/).count()).toBe(0);
    const heading = page.getByRole('heading', { name: 'Layer 1 · LSTM, 6 units' });
    await toTop(page.getByRole('heading', { name: 'Window', exact: true }));
    await shoot(page, 'inside-forecast-window');
    await toTop(heading);
    await shoot(page, 'inside-forecast-layer');
    await toTop(page.getByRole('heading', { name: 'The cell\'s equations' }));
    await shoot(page, 'inside-forecast-equations');
    await toTop(page.getByRole('heading', { name: 'Dense head and prediction' }));
    await shoot(page, 'inside-forecast-dense');

    // Permutation importance, started on purpose, with its wait state.
    await page.getByRole('spinbutton', { name: 'Repeats' }).fill('1');
    await page.getByRole('spinbutton', { name: 'Test windows, at most' }).fill('100');
    await page.getByRole('button', { name: 'Compute importance' }).click();
    const columns = page.getByRole('table', { name: 'Permutation importance per input column' });
    await expect.poll(() => columns.count(), { timeout: 180_000 }).toBe(1);
    expect(await columns.locator('tbody tr').count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Permutation importance per lag' }).locator('tbody tr').count()).toBe(12);
    await toTop(page.getByRole('heading', { name: 'What mattered' }));
    await shoot(page, 'inside-forecast-mattered');
  }, 300_000);

  it('looks inside a text run with a typed sentence: each word\'s part, the embedding lookup with [UNK] and [PAD], the layers', async () => {
    const { page } = web;
    await page.getByRole('button', { name: 'Close Inside the model' }).click();
    await importCsv(page, IMDB);
    await page.getByRole('radio', { name: 'Text classification' }).check();
    await page.getByLabel('Text column').selectOption('review');
    await page.getByLabel('Label column').selectOption('sentiment');
    await page.getByLabel('Embedding dimension').fill('8');
    await page.getByLabel('Hidden units').fill('8');
    await page.getByLabel('Max length', { exact: true }).fill('50');
    await page.getByLabel('Vocabulary size').fill('500');
    await page.getByLabel('Epochs').fill('1');
    // The length the model reads, as the form holds it when training starts.
    const maxLength = Number(await page.getByLabel('Max length', { exact: true }).inputValue());
    await trainAndWait(page, 'text');

    await page.getByRole('button', { name: 'Open Inside the model' }).click();
    await page.getByRole('textbox', { name: 'Sentence to look inside with' }).fill('A wonderful movie with a zorglesque plot, the acting was great');
    await page.getByRole('button', { name: 'Look inside' }).click();
    const words = page.getByRole('list', { name: /^Each word's contribution to / });
    await words.waitFor({ timeout: 60_000 });
    expect(await words.getByRole('listitem').count()).toBe(11);
    const lookup = page.getByRole('table', { name: 'Embedding lookup: word, id, row of the table' });
    expect(await lookup.getByRole('row', { name: /zorglesque 0 \[UNK\]/ }).count()).toBe(1);
    const ids = page.getByRole('list', { name: 'The model\'s input row of ids' }).getByRole('listitem');
    expect(await ids.count()).toBe(maxLength);
    // Every place the 11 words leave empty is [PAD] = 1.
    expect((await ids.allTextContents()).filter((t) => t === '1 [PAD]')).toHaveLength(maxLength - 11);
    expect(await page.getByRole('heading', { name: /^Layer 1 · / }).first().isVisible()).toBe(true);
    await toTop(page.getByRole('heading', { name: 'What each word did' }));
    await shoot(page, 'inside-text');
    await toTop(page.getByRole('heading', { name: 'Layers' }));
    await shoot(page, 'inside-text-layers');
  }, 300_000);
});
