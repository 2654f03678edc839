// Runs in: plain Node (the bench CLI). Issue 3's big-file case: a generated hourly weather table of 1,000,000 rows
// imported the way the app does it (a worker thread), timing it, taking the process's peak memory, and measuring how
// long the main thread's event loop ever stalls meanwhile (what would freeze the window).
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { csvCell } from '../../shared/util/csv-write';
import { workerImporter } from '../core/dataset/import-in-worker';
import { importWorkerEntry } from '../backend/paths';

const HEADER = ['Formatted Date', 'Summary', 'Temperature (C)', 'Humidity', 'Wind Speed (km/h)', 'Pressure (millibars)'];
const SUMMARIES = ['Clear', 'Partly Cloudy', 'Mostly Cloudy', 'Overcast', 'Foggy', 'Light Rain'];
const ROWS_PER_WRITE = 10_000;

/** Writes `rows` hourly rows from 1990-01-01 (a seeded sine-plus-noise weather) unless the file already exists. */
export async function generateWeatherCsv(path: string, rows: number): Promise<void> {
  if (existsSync(path)) return;
  const out = createWriteStream(path);
  out.write(HEADER.map(csvCell).join(',') + '\n');
  let seed = 12345;
  const noise = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  const start = Date.UTC(1990, 0, 1);
  for (let from = 0; from < rows; from += ROWS_PER_WRITE) {
    const lines: string[] = [];
    for (let i = from; i < Math.min(rows, from + ROWS_PER_WRITE); i++) {
      const iso = new Date(start + i * 3_600_000).toISOString();
      const day = Math.sin((2 * Math.PI * i) / 24);
      const year = Math.sin((2 * Math.PI * i) / 8766);
      const cells = [
        `${iso.slice(0, 10)} ${iso.slice(11, 19)}.000 +0000`,
        SUMMARIES[(i >> 5) % SUMMARIES.length],
        (11 + 10 * year + 4 * day + 2 * noise()).toFixed(2),
        (0.7 - 0.15 * day + 0.1 * noise()).toFixed(2),
        (10 + 6 * noise()).toFixed(2),
        (1015 + 8 * year + 3 * noise()).toFixed(2),
      ];
      lines.push(cells.map(csvCell).join(','));
    }
    if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export async function benchImportBig(path: string, rows: number): Promise<Record<string, unknown>> {
  await generateWeatherCsv(path, rows);
  const fileBytes = statSync(path).size;
  // The same measure over an idle second first: on a shared machine the OS alone delays the loop now and then.
  const idle = monitorEventLoopDelay({ resolution: 10 });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  idle.disable();
  const stall = monitorEventLoopDelay({ resolution: 10 });
  stall.enable();
  const started = performance.now();
  let progressEvents = 0;
  const summary = await workerImporter(importWorkerEntry())({ path, fileName: 'generated.csv', importOptions: {} }, () => {
    progressEvents += 1;
  });
  const seconds = (performance.now() - started) / 1000;
  stall.disable();
  return {
    bench: 'import',
    rows: summary.rowsRead,
    seconds: Math.round(seconds * 1000) / 1000,
    // maxRSS covers the whole process, worker thread included (kilobytes on Linux).
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    fileMB: Math.round(fileBytes / 1e5) / 10,
    maxEventLoopStallMs: Math.round((stall.max / 1e6) * 10) / 10,
    p99EventLoopStallMs: Math.round((stall.percentile(99) / 1e6) * 10) / 10,
    idleMaxEventLoopStallMs: Math.round((idle.max / 1e6) * 10) / 10,
    progressEvents,
    frequency: summary.frequency,
  };
}
