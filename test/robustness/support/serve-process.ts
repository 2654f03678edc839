// Runs in: vitest (Node). The real browser mode as a user starts it (dist/main/serve.js in its own process), so a
// crash is a dead process, exactly as in production, and not an error vitest catches for the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const SERVE_ENTRY = join(ROOT, 'dist', 'main', 'serve.js');

export interface ServeProcess {
  port: number;
  token: string;
  origin: string;
  dir: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** The exit code or signal once it has exited, else null. */
  exited(): string | null;
  stop(): Promise<void>;
}

export async function startServeProcess(): Promise<ServeProcess> {
  if (!existsSync(SERVE_ENTRY)) throw new Error('dist/ is not built: run `npm run build` first (npm test does).');
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-robust-'));
  const child: ChildProcess = spawn(process.execPath, [SERVE_ENTRY, '--db', join(dir, 'runs.db'), '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let exit: string | null = null;
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.once('exit', (code, signal) => (exit = signal ?? String(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL in time. stderr: ${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const parsed = new URL(url);
  return {
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    origin: parsed.origin,
    dir,
    stderr: () => stderr,
    exited: () => exit,
    stop: async () => {
      if (exit === null) {
        child.kill('SIGTERM');
        await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
