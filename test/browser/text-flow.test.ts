// Runs in: vitest (Node) driving Debian's Chromium through Playwright against the real browser mode: real server,
// real SQLite file, real training in a forked trainer. The course's IMDB exercise, tiny, end to end: import, preview,
// train, scores beside the baselines, the embedding projector, Try it, and classifying the file.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, browserSkipReason, importCsv, useBrowserSession } from '../support/browser-session';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[web tests skipped] ${skipReason}`);

const FIXTURE = join(ROOT, 'test', 'fixtures', 'imdb-300.csv');
const SHOTS = join(ROOT, 'test-results', 'screenshots');

describe.skipIf(skipReason !== null)('browser mode: classify IMDB reviews with an embedding and an RNN', () => {
  const web = useBrowserSession();

  it('imports the reviews, previews the tokenisation, trains, and shows the scores beside both baselines', async () => {
    const { page, serve } = web;
    await page.goto(serve.url);
    await importCsv(page, FIXTURE);

    await page.getByRole('radio', { name: 'Text classification' }).check();
    await page.getByLabel('Text column').selectOption('review');
    await page.getByLabel('Label column').selectOption('sentiment');
    await page.getByLabel('Embedding dimension').fill('8');
    await page.getByLabel('Hidden units').fill('8');
    // The preview suggests a max length once it has read the texts; the user's own value comes after it.
    await page.getByText('Suggested: 90% of the texts fit').waitFor({ timeout: 30_000 });
    await page.getByLabel('Max length', { exact: true }).fill('50');
    await page.getByLabel('Vocabulary size').fill('500');
    await page.getByLabel('Epochs').fill('1');
    // Two threads share each batch; the run says so in its notes and keeps the setting.
    await page.getByLabel('Threads').selectOption('2');
    mkdirSync(SHOTS, { recursive: true });
    const training = page.getByRole('group', { name: 'Training' });
    await training.scrollIntoViewIfNeeded();
    await training.screenshot({ path: join(SHOTS, 'text-form-threads.png') });

    // The preview: both labels with their counts (all 300 rows), the histogram, the reserved entries, tokenised rows.
    const mapping = page.getByRole('table', { name: 'Label mapping' });
    await expect.poll(() => mapping.locator('tbody tr').count(), { timeout: 30_000 }).toBe(2);
    const counts = (await mapping.locator('tbody tr td:last-child').allInnerTexts()).map((t) => Number(t.replace(/,/g, '')));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    expect(await mapping.locator('tbody tr th').allInnerTexts()).toEqual(['0', '1']);
    expect(await page.getByRole('img', { name: 'Token length histogram' }).isVisible()).toBe(true);
    await expect.poll(() => page.locator('body').innerText()).toMatch(/of 300 texts are longer than 50 tokens and lose their end/);
    const vocabulary = page.getByRole('table', { name: 'First vocabulary entries' });
    expect((await vocabulary.locator('tbody tr').first().innerText()).split(/\s+/).slice(0, 2)).toEqual(['0', '[UNK]']);
    expect(await page.getByLabel('Tokens of text 1').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: /^Use \d+$/ }).count()).toBe(1);

    await page.getByRole('button', { name: 'Train' }).click();
    const status = page.getByRole('status').filter({ hasText: /Run \d+/ }).first();
    await expect.poll(() => status.innerText(), { timeout: 180_000 }).toMatch(/Completed$/);

    const metrics = page.getByRole('table', { name: /Classification metrics/ });
    await expect.poll(() => metrics.innerText(), { timeout: 20_000 }).toMatch(/Majority class/);
    expect(await metrics.innerText()).toMatch(/Bag of words/);
    expect(await metrics.innerText()).toMatch(/Accuracy/);

    // The run is in the SQLite log as a text run, as the CLI sees it.
    const listed = JSON.parse(
      execFileSync(process.execPath, [join(ROOT, 'bin', 'seqlab.js'), 'runs', '--db', serve.dbPath, '--json'], { encoding: 'utf8' }),
    ) as { status: string; config: { task: string; embeddingDim: number; threads: number }; metrics: { notes: string[] } }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ status: 'completed', config: { task: 'text', embeddingDim: 8, threads: 2 } });
    expect(listed[0].metrics.notes.join('\n')).toMatch(/one fused network by Seqlab's WebAssembly SIMD kernels, on 2 threads\./);
  });

  it('opens the embedding projector and finds a word\'s nearest neighbours, after and before training', async () => {
    const { page } = web;
    await page.getByRole('button', { name: 'Open embedding projector' }).click();
    await page.getByRole('img', { name: 'Embedding projection' }).waitFor({ timeout: 20_000 });
    await page.getByRole('searchbox', { name: 'Word' }).fill('movie');
    await page.getByRole('button', { name: 'Find neighbours' }).click();
    const neighbours = page.getByRole('table', { name: 'Nearest neighbours of "movie" after training' });
    await expect.poll(() => neighbours.locator('tbody tr').count()).toBe(10);
    await page.getByRole('radio', { name: 'Before training' }).check();
    await expect.poll(() => page.getByRole('table', { name: 'Nearest neighbours of "movie" before training' }).locator('tbody tr').count()).toBe(10);
  });

  it('classifies a typed review with the saved model (Try it)', async () => {
    const { page } = web;
    await page.getByLabel('Text to classify').fill('A wonderful film, the best acting I have seen this year. Loved it.');
    await page.getByRole('button', { name: 'Classify', exact: true }).click();
    await expect.poll(() => page.locator('body').innerText(), { timeout: 30_000 }).toMatch(/Predicted: [01] \(probability 0\.\d+|Predicted: [01] \(probability 1\)/);
    const bars = page.getByRole('list', { name: 'Probability of each class' });
    expect(await bars.locator('li').count()).toBe(2);
  });

  it('classifies the whole loaded file and downloads the predictions as CSV', async () => {
    const { page } = web;
    await page.getByRole('button', { name: 'Classify imdb-300.csv' }).click();
    const predicted = page.getByRole('table', { name: 'Predicted classes for imdb-300.csv' });
    const failure = page.locator('.classify-file .error-message');
    // Whichever comes first: the table, or the backend's message (shown in the failure, not waited out).
    await expect.poll(async () => (await predicted.count()) + (await failure.count()), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await failure.count() ? await failure.innerText() : '').toBe('');
    expect(await predicted.locator('tbody tr').count()).toBe(20);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^run-1-imdb-300-predictions\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split(/\r?\n/)[0]).toMatch(/^row,text,label,probability/);
    expect(csv.trim().split(/\r?\n/).length).toBeGreaterThan(300);
  });
});
