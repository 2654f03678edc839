// Runs in: vitest (Node). Starts the built browser mode (dist/main/serve.js) as its own process and waits for the URL
// it prints, the one step every test that needs a real server shares. Callers add what they need around it: a data
// folder, a browser, a WebSocket client.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const SERVE_ENTRY = join(ROOT, 'dist', 'main', 'serve.js');

export interface SpawnedServe {
  child: ChildProcess;
  /** The URL serve printed, with its token. */
  url: string;
  origin: string;
  token: string;
  /** What the server wrote to stderr so far. */
  stderr(): string;
  /** The exit code or signal once it has exited, else null. */
  exited(): string | null;
  /** SIGTERM, then waits for the exit (at once when it has already exited). */
  stop(): Promise<void>;
}

/** `args` are serve's own (--db, --port, --queue ...). Rejects with serve's stderr when it exits or stays silent. */
export async function spawnServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<SpawnedServe> {
  const child = spawn(process.execPath, [SERVE_ENTRY, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${stderr}`));
    });
  });
  const parsed = new URL(url);
  return {
    child,
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    stderr: () => stderr,
    exited: () => exit,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
