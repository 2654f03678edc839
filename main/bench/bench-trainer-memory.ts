// Runs in: plain Node (npm run bench -- trainer-memory). The peak resident memory of the training process itself, as
// the app runs it: `seqlab train` (built CLI) forks the trainer, and this reads the trainer's VmHWM (the kernel's own
// high-water mark of its resident set) from /proc while the run goes on. The train bench's peakRssMB is the whole
// bench process across every model it built in turn, so it cannot answer "how much does one run take".
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

interface MemoryCase {
  model: string;
  args: string[];
}

// The course's four models (hidden 32), each at the course's two windows.
const CASES: readonly MemoryCase[] = [
  { model: 'rnn1', args: ['--cell', 'rnn'] },
  { model: 'rnn3', args: ['--cell', 'rnn', '--layers', '3'] },
  { model: 'lstm1', args: ['--cell', 'lstm'] },
  { model: 'gru1', args: ['--cell', 'gru'] },
];
const WINDOWS = [5, 64];
const POLL_MS = 100;

export interface TrainerMemoryOptions {
  csv: string;
  cli: string;
  epochs: number;
  models?: readonly string[];
}

/** VmHWM of every process whose parent is `parent`, in kB (a process gone between listing and reading is skipped). */
function childPeaks(parent: number): number[] {
  const peaks: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== parent) continue;
      const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
      if (hwm) peaks.push(Number(hwm[1]));
    } catch {
      // exited meanwhile
    }
  }
  return peaks;
}

function runOnce(opts: TrainerMemoryOptions, spec: MemoryCase, window: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-memory-'));
  const args = [
    opts.cli, 'train', '--csv', opts.csv, '--target', 'Temperature (C)', '--window', String(window),
    '--epochs', String(opts.epochs), '--db', join(dir, 'runs.db'), '--json', ...spec.args,
  ];
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  let peakKb = 0;
  const poll = setInterval(() => {
    if (child.pid !== undefined) peakKb = Math.max(peakKb, ...childPeaks(child.pid));
  }, POLL_MS);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`seqlab train (${spec.model}, window ${window}) exited with ${code}:\n${err.slice(-2000)}`));
      const result = JSON.parse(out) as { trainSamplesPerSecond?: number; metrics?: { test?: { mae?: number } } };
      resolve({
        bench: 'trainer-memory',
        model: spec.model,
        window,
        epochs: opts.epochs,
        // 0 would mean the trainer ended between two polls: the run was too short to measure.
        trainerPeakRssMB: Math.round(peakKb / 1024),
        trainSamplesPerSecond: Math.round(result.trainSamplesPerSecond ?? 0),
        testMae: result.metrics?.test?.mae,
        seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
        loadAverage: Number(loadavg()[0].toFixed(2)),
      });
    });
  });
}

export async function benchTrainerMemory(opts: TrainerMemoryOptions, print: (record: Record<string, unknown>) => void): Promise<void> {
  if (!existsSync('/proc/self/status')) throw new Error('The trainer-memory bench reads /proc: it runs on Linux only.');
  if (!existsSync(opts.cli)) throw new Error(`No built CLI at ${opts.cli}: run npm run build first.`);
  for (const spec of CASES.filter((c) => !opts.models || opts.models.includes(c.model))) {
    for (const window of WINDOWS) print(await runOnce(opts, spec, window));
  }
}
