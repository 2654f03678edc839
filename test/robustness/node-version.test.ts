// Runs in: vitest (Node 22), starting the built entry points with an older Node when the machine has one (issue 12,
// item 11): on Node 20 `npm run serve` died with "Segmentation fault" (better-sqlite3 13 needs 22). Each entry point
// now says so in one line, and `seqlab` runs itself again on the Node 22 the project installs (devDependency node@22).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { CLI, ROOT, requireBuilt } from '../support/built';

const majorOf = (node: string): number => {
  const result = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim().split('.')[0]) : Number.NaN;
};

/** A Node older than 22 on this machine (SEQLAB_OLD_NODE, else the system's), or null. */
const OLD_NODE = [process.env.SEQLAB_OLD_NODE, '/usr/bin/node', '/usr/local/bin/node'].find(
  (path): path is string => !!path && existsSync(path) && majorOf(path) < 22,
) ?? null;
if (!OLD_NODE) console.warn('[node-version tests skipped] no Node older than 22 on this machine (set SEQLAB_OLD_NODE to one)');

let dir: string;
beforeAll(() => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-old-node-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runOld(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(OLD_NODE!, args, { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
}

describe.skipIf(!OLD_NODE)('on a Node older than 22', () => {
  it.each([
    ['serve', join(ROOT, 'dist', 'main', 'serve.js'), 'seqlab serve'],
    ['the built CLI', join(ROOT, 'dist', 'main', 'cli.js'), 'seqlab'],
    ['bench', join(ROOT, 'dist', 'main', 'bench.js'), 'bench'],
  ])('%s ends with one clear line, not a segmentation fault', (_name, entry, command) => {
    const result = runOld([entry, 'runs', '--db', join(dir, 'runs.db')]);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^${command}: Node \\d+\\.\\d+\\.\\d+ is too old; Seqlab needs Node 22 or newer`));
  });

  it("`seqlab` runs itself again on the project's Node 22 and does its work", () => {
    const result = runOld([CLI, 'runs', '--db', join(dir, 'cli.db'), '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
    // Without that second start it would refuse: the work above was done by Node 22.
    const refused = runOld([CLI, 'runs', '--db', join(dir, 'cli.db'), '--json'], { SEQLAB_REEXEC: '1' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^seqlab: Node .* is too old; Seqlab needs Node 22 or newer/);
  });

  it("npm runs the project's commands on its own Node 22 even where the machine's `node` is older", () => {
    const npm = join(dirname(OLD_NODE!), 'npm');
    if (!existsSync(npm)) return void console.warn(`[skipped] no npm beside ${OLD_NODE}`);
    const path = [dirname(OLD_NODE!), ...(process.env.PATH ?? '').split(delimiter).filter((p) => !p.includes('node_modules'))].join(delimiter);
    const result = spawnSync(npm, ['exec', '--offline', '--', 'node', '-p', 'process.versions.node'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PATH: path },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(Number(result.stdout.trim().split('.')[0])).toBeGreaterThanOrEqual(22);
  });
});
