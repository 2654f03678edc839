// Runs in: vitest (Node). The real browser mode as a user starts it (dist/main/serve.js in its own process), so a
// crash is a dead process, exactly as in production, and not an error vitest catches for the server.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVE_ENTRY, spawnServe } from '../../support/serve-spawn';

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
  const serve = await spawnServe(['--db', join(dir, 'runs.db'), '--port', '0']);
  return {
    port: Number(new URL(serve.url).port),
    token: serve.token,
    origin: serve.origin,
    dir,
    stderr: serve.stderr,
    exited: serve.exited,
    stop: async () => {
      await serve.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
