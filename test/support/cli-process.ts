// Runs in: vitest (Node). The built `seqlab` command as a long-lived process (a worker, a sweep following its trials):
// its output collected as it comes, its exit awaited, and a wait for something to appear in it.
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './built';

export interface CliProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved as they arrived. */
  out(): string;
  exited: Promise<number | null>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, out: () => text, exited };
}

/** Polls until `check` holds; on timeout the error carries what the process printed. */
export async function until(what: string, check: () => boolean, timeoutMs: number, proc?: CliProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.${proc ? `\n${proc.out()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
