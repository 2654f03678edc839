// Runs in: plain Node (the bench CLI). Issue 13 item 6: the whole wait of an import in the browser mode, from
// choosing the file to a usable setup (the window preview on screen), measured with the real built server and
// Chromium. The server runs with SEQLAB_TIMING=1 and prints its stages on stderr; the page leaves performance marks
// ("seqlab:..."); both are wall-clock epoch ms on this machine, so each run lays them on one line from the moment
// the page saw the file chosen. One record per run, then the median of each stage. --compare alternates with the
// earlier way (SEQLAB_UPLOAD_WHOLE=1: the upload saved whole, then read in a thread started for it) and with the
// upload saved whole, then read in the warm thread (SEQLAB_UPLOAD_WHOLE=warm).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { APP_ROOT } from '../backend/paths';

export interface ImportWindowOptions {
  csv: string;
  runs: number;
  /** Also measure the earlier way (upload saved whole, then read in a fresh thread), alternating run by run. */
  compare?: boolean;
}

interface ServeHandle {
  url: string;
  stages: { seqlabStage: string; at: number; [key: string]: unknown }[];
  stop(): Promise<void>;
}

/** The page is usable once the window preview's first training window is drawn. */
const USABLE_SELECTOR = '[aria-label="Train, first window"]';

type Way = 'streamed' | 'whole' | 'whole-warm';

async function startServe(dir: string, way: Way): Promise<ServeHandle> {
  const child = spawn(process.execPath, [join(APP_ROOT, 'dist', 'main', 'serve.js'), '--db', join(dir, 'runs.db'), '--port', '0'], {
    cwd: APP_ROOT,
    env: { ...process.env, SEQLAB_TIMING: '1', SEQLAB_UPLOAD_WHOLE: { streamed: '0', whole: '1', 'whole-warm': 'warm' }[way] },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stages: ServeHandle['stages'] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    let newline: number;
    while ((newline = stderr.indexOf('\n')) !== -1) {
      const line = stderr.slice(0, newline);
      stderr = stderr.slice(newline + 1);
      if (line.startsWith('{"seqlabStage"')) stages.push(JSON.parse(line) as ServeHandle['stages'][number]);
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    stages,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    },
  };
}

function chromiumPath(): string {
  const found = [process.env.SEQLAB_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error('No Chromium found: apt-get install chromium, or set SEQLAB_CHROMIUM.');
  return found;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export async function benchImportWindow(options: ImportWindowOptions, print: (record: Record<string, unknown>) => void): Promise<void> {
  // A development dependency, loaded only here: the built bench leaves it external.
  const playwright = 'playwright-core';
  const { chromium } = (await import(/* @vite-ignore */ playwright)) as typeof import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const ways: Way[] = options.compare ? ['streamed', 'whole', 'whole-warm'] : ['streamed'];
  const perRun = new Map<string, Record<string, number>[]>(ways.map((way) => [way, []]));
  try {
    // With --compare the two ways alternate run by run, so a change in the machine's load falls on both alike.
    for (let run = 0; run < options.runs * ways.length; run++) {
      const way = ways[run % ways.length];
      const dir = mkdtempSync(join(tmpdir(), 'seqlab-bench-window-'));
      const serve = await startServe(dir, way);
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      try {
        await page.goto(serve.url);
        await page.getByRole('button', { name: /Open CSV/ }).waitFor();
        // A user chooses a file seconds after the page opens: let its start-up calls (the backend probe starts a
        // trainer process) finish first, so they do not share the CPU with the import being measured.
        for (let waited = 0; !serve.stages.some((s) => s.seqlabStage === 'answered:getBackendInfo') && waited < 60_000; waited += 100) {
          await new Promise((r) => setTimeout(r, 100));
        }
        const load = loadavg()[0];
        await page.getByLabel('CSV file').setInputFiles(options.csv);
        await page.waitForSelector(USABLE_SELECTOR, { timeout: 120_000 });
        const pageTimes = await page.evaluate(() => {
          const now = performance.timeOrigin + performance.now();
          const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('seqlab:'));
          return { usable: now, marks: marks.map((m) => ({ name: m.name, at: performance.timeOrigin + m.startTime })) };
        });
        const chosen = pageTimes.marks.find((m) => m.name === 'seqlab:import-chosen')?.at;
        if (chosen === undefined) throw new Error('The page left no seqlab:import-chosen mark: is dist/ built from this tree?');
        const record: Record<string, number> = {};
        const seen = new Map<string, number>();
        const put = (name: string, at: number) => {
          // A stage that happens more than once (progress, calls) is named by its order.
          const count = seen.get(name) ?? 0;
          seen.set(name, count + 1);
          record[count ? `${name}#${count + 1}` : name] = Math.round(at - chosen);
        };
        for (const mark of pageTimes.marks) put(`page:${mark.name.slice('seqlab:'.length)}`, mark.at);
        for (const stage of serve.stages) if (stage.at >= chosen - 1000) put(`server:${stage.seqlabStage}`, stage.at);
        put('page:usable', pageTimes.usable);
        print({ bench: 'import-window', way, run: Math.floor(run / ways.length) + 1, load1: load, stagesMs: Object.fromEntries(Object.entries(record).sort((a, b) => a[1] - b[1])) });
        perRun.get(way)!.push(record);
      } finally {
        await page.close();
        await serve.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  for (const [way, records] of perRun) {
    const names = [...new Set(records.flatMap((r) => Object.keys(r)))].filter((name) => records.every((r) => name in r));
    const medians = Object.fromEntries(names.map((name) => [name, median(records.map((r) => r[name]))]).sort((a, b) => (a[1] as number) - (b[1] as number)));
    print({ bench: 'import-window', way, csv: options.csv, runs: records.length, load1: loadavg()[0], medianMs: medians, usableSeconds: (medians['page:usable'] as number) / 1000 });
  }
}
