// Runs in: vitest (Node). Starts the real browser mode (built server, real SQLite, real trainer) and Debian's Chromium.
import { spawnServe } from './serve-spawn';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** Debian's chromium (CI installs it); SEQLAB_CHROMIUM overrides. */
export function chromiumPath(): string | null {
  const candidates = [process.env.SEQLAB_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && existsSync(p)) ?? null;
}

/** Why the browser tests cannot run here, or null when they can. In CI a missing browser is a failure, not a skip. */
export function browserSkipReason(): string | null {
  if (!existsSync(join(ROOT, 'dist', 'main', 'serve.js'))) return 'dist/ is not built: run `npm run build` (npm test does)';
  if (!chromiumPath()) {
    if (process.env.CI) throw new Error('Chromium is missing in CI: .ci/run must install Debian\'s chromium package');
    return 'no Chromium found (apt-get install chromium, or set SEQLAB_CHROMIUM)';
  }
  return null;
}

export interface ServeProcess {
  url: string;
  origin: string;
  token: string;
  dbPath: string;
  dir: string;
  /** What the server printed to stderr so far (warnings, a sweep's queue notes). */
  output(): string;
  stop(): Promise<void>;
}

/** `args` go after --db and --port (e.g. --queue redis://...). */
export async function startServe(args: string[] = []): Promise<ServeProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-web-'));
  const dbPath = join(dir, 'runs.db');
  const serve = await spawnServe(['--db', dbPath, '--port', '0', ...args]);
  return {
    url: serve.url,
    origin: serve.origin,
    token: serve.token,
    dbPath,
    dir,
    output: serve.stderr,
    stop: async () => {
      await serve.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath() ?? undefined,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export interface BrowserSession {
  serve: ServeProcess;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** A fresh browser-mode server (own SQLite file) and one Chromium page that reports page errors. `page` sets the
 * window's size, colour scheme and the like (Playwright's context options). */
export async function openSession(page: BrowserContextOptions = {}): Promise<BrowserSession> {
  const serve = await startServe();
  const browser = await launchChromium();
  return { serve, browser, ...(await withPage(serve, browser, page)) };
}

async function withPage(serve: ServeProcess, browser: Browser, options: BrowserContextOptions): Promise<Omit<BrowserSession, 'serve' | 'browser'>> {
  const page = await browser.newPage(options);
  page.on('pageerror', (error) => console.error('[page error]', error.message));
  return {
    page,
    close: async () => {
      await browser.close();
      await serve.stop();
    },
  };
}

/** The 3,000-row Szeged weather slice most browser tests import. */
export const SZEGED_SLICE = join(ROOT, 'test', 'fixtures', 'szeged-3000.csv');

/** One session for the describe block it is called in: opened before its tests, closed after them. */
export function useBrowserSession(page: BrowserContextOptions = {}): { readonly serve: ServeProcess; readonly page: Page } {
  let session: BrowserSession | undefined;
  beforeAll(async () => {
    session = await openSession(page);
  });
  afterAll(() => session?.close());
  const opened = (): BrowserSession => {
    if (!session) throw new Error('The browser session is not open yet: use it inside a test');
    return session;
  };
  return {
    get serve() {
      return opened().serve;
    },
    get page() {
      return opened().page;
    },
  };
}

/** Chooses a CSV in the import panel, as a user does, and waits until its columns show (the columns of this file:
 * the Dataset panel names it, since another file's table may be showing already). */
export async function importCsv(page: Page, path: string, timeout = 30_000): Promise<void> {
  await page.getByLabel('CSV file').setInputFiles(path);
  await page.getByRole('table', { name: /columns/i }).waitFor({ timeout });
  const fileName = path.split(/[\\/]/).pop() ?? path;
  await page.locator('#dataset .file-name').filter({ hasText: fileName }).waitFor({ timeout });
}

/**
 * Fills the forecast form with a run that cannot finish while a test pauses or stops it: the fused kernels train
 * the small default model through 500 epochs of the 3,000-row slice in seconds, so tests that act on a running
 * run ask for a heavy one (3 LSTM layers of 64 over 64 steps: about a second per epoch here) and many epochs.
 */
export async function fillLongRun(page: Page): Promise<void> {
  await page.getByLabel('Window', { exact: true }).fill('64');
  await page.getByLabel('Cell').selectOption('LSTM');
  await page.getByLabel('Layers').fill('3');
  await page.getByLabel('Hidden units').fill('64');
  await page.getByLabel('Epochs').fill('1000');
}

/** Where browser tests keep their screenshots: test-results/screenshots/ (git-ignored), one PNG per view and theme. */
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** What the frame looks like now: whether the document scrolls, where the header is, and what pokes out sideways. */
export interface FrameReport {
  viewport: { width: number; height: number };
  documentScrollHeight: number;
  documentScrollWidth: number;
  documentScrollTop: number;
  headerTop: number;
  /** The two panes scroll on their own, vertically only. */
  panes: { name: string; scrollWidth: number; clientWidth: number }[];
  /** Visible elements reaching past the window's right edge, or whose own content spills out of their box sideways. */
  overflowing: string[];
}

export function frameReport(page: Page): Promise<FrameReport> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const describe = (el: Element) => {
      const label = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} "${label}"`;
    };
    // Inside a box that scrolls sideways on purpose (a wide table), or clips, an element may be wider than the window.
    const clippedByScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const overflow = getComputedStyle(p).overflowX;
        if (overflow !== 'visible') return p.classList.contains('table-scroll') || overflow === 'hidden' || overflow === 'clip' || overflow === 'auto';
      }
      return false;
    };
    const overflowing: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.closest('.visually-hidden, .skip-link, [hidden]')) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (rect.right > window.innerWidth + 1 && !clippedByScroller(el)) overflowing.push(`past the right edge: ${describe(el)}`);
      const html = el as HTMLElement;
      // Form controls clip their own text (a long option in a select); tables are measured by their box.
      const own = ['SELECT', 'INPUT', 'TEXTAREA', 'TABLE', 'svg'].includes(el.tagName);
      if (!own && style.display !== 'inline' && style.overflowX === 'visible' && html.clientWidth > 0 && html.scrollWidth > html.clientWidth + 2) {
        overflowing.push(`content spills out of ${describe(el)} (${html.scrollWidth} > ${html.clientWidth})`);
      }
    }
    const pane = (selector: string, name: string) => {
      const el = document.querySelector(selector) as HTMLElement;
      return { name, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
    };
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      documentScrollHeight: root.scrollHeight,
      documentScrollWidth: root.scrollWidth,
      documentScrollTop: (document.scrollingElement ?? root).scrollTop,
      headerTop: document.querySelector('header')!.getBoundingClientRect().top,
      panes: [pane('#setup', 'sidebar'), pane('#main-content', 'main area')],
      overflowing,
    };
  });
}
