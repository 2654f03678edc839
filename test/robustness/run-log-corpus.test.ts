// Runs in: vitest (Node). The run-log part of the robustness corpus (issue 12, item 10): `--db` files that are not a
// database, damaged, truncated, read-only, locked by another process, a FIFO, or under /proc, each through a real
// `seqlab` process with its exact message and exit code, promptly (no hang), and the file left exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { importRun, exportRun } from '../../main/backend/experiments/run-bundle';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import { runFilesRoot } from '../../main/core/run-files';
import { makeSourceLog } from '../support/bundle-fixture';
import { ROOT, requireBuilt, seqlab } from '../support/built';

let dir: string;
/** A sound log holding one finished run (from the bundle fixture). */
let sound: string;
/** The run's bundle as `seqlab export` writes it. */
let bundleDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  requireBuilt();
  dir = mkdtempSync(join(tmpdir(), 'seqlab-log-corpus-'));
  const sourceDb = join(dir, 'source', 'runs.db');
  mkdirSync(dirname(sourceDb));
  const { forecastId } = await makeSourceLog(sourceDb);
  const source = await openRunLog(sourceDb);
  const bundle = await exportRun(source, forecastId);
  await source.close();
  sound = join(dir, 'sound', 'runs.db');
  const log = await openRunLog(sound);
  for (let i = 0; i < 30; i++) await importRun(log, bundle);
  await log.close();
  bundleDir = join(dir, 'bundle');
  for (const file of bundle.files) {
    const path = join(bundleDir, ...file.path.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : file.text!);
  }
  // One file, no -wal beside it: what a user copies.
  const db = new Database(sound);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
});
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A copy of the sound log in a folder of its own. */
function copyOfSound(name: string): string {
  const path = join(dir, name, 'runs.db');
  mkdirSync(dirname(path));
  copyFileSync(sound, path);
  return path;
}

interface Outcome {
  args: string[];
  message: string;
  maxSeconds?: number;
}

function expectRefused({ args, message, maxSeconds = 20 }: Outcome): void {
  const started = Date.now();
  const result = seqlab(...args);
  expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(`seqlab: ${message}`);
  expect(result.stderr).not.toMatch(/\n\s+at |Internal error/);
  expect(result.code).toBe(2);
  expect(Date.now() - started).toBeLessThan(maxSeconds * 1000);
}

describe('run logs that cannot be used', () => {
  it('a text file', () => {
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'my notes, not a database\n'.repeat(200));
    const before = sha(path);
    expectRefused({ args: ['runs', '--db', path], message: `${path} is not a Seqlab run log (it is not an SQLite database): choose another --db path, or move that file away.` });
    expect(sha(path)).toBe(before);
  });

  it('a PNG image', () => {
    const path = join(dir, 'image.db');
    writeFileSync(path, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(4096, 7)]));
    const before = sha(path);
    expectRefused({ args: ['runs', '--db', path], message: `${path} is not a Seqlab run log (it is not an SQLite database): choose another --db path, or move that file away.` });
    expect(sha(path)).toBe(before);
  });

  it('a log whose pages are corrupted (its header intact)', () => {
    const path = copyOfSound('corrupted');
    const bytes = readFileSync(path);
    // Keep page 1 (the header and schema); scramble every later page.
    for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 131 + 17) & 0xff;
    writeFileSync(path, bytes);
    const before = sha(path);
    expectRefused({
      args: ['runs', '--db', path],
      message: `The run log at ${path} is damaged (database disk image is malformed): restore it from a backup or choose another --db path (\`sqlite3 ${path} .recover\` may save its runs).`,
    });
    expect(sha(path)).toBe(before);
  });

  it('a log cut short (half of it copied)', () => {
    const path = copyOfSound('truncated');
    truncateSync(path, Math.floor(readFileSync(path).length / 2 / 4096) * 4096);
    const before = sha(path);
    expectRefused({
      args: ['runs', '--db', path],
      message: `The run log at ${path} is damaged (database disk image is malformed): restore it from a backup or choose another --db path (\`sqlite3 ${path} .recover\` may save its runs).`,
    });
    expect(sha(path)).toBe(before);
  });

  it('a read-only log: its runs are listed, and writing to it is refused', (context) => {
    const path = copyOfSound('read-only');
    const before = sha(path);
    // Root writes through file modes; an immutable file it cannot (ext4, xfs, btrfs).
    const root = process.getuid?.() === 0;
    try {
      if (root) execFileSync('chattr', ['+i', path], { stdio: 'ignore' });
      else execFileSync('chmod', ['a-w', path, dirname(path)]);
    } catch {
      context.skip('this file system cannot make a file immutable (chattr +i), so the read-only case cannot be made as root');
    }
    try {
      const listed = seqlab('runs', '--db', path, '--json');
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toHaveLength(30);
      expectRefused({
        args: ['import', bundleDir, '--db', path],
        message: `The run log at ${path} cannot be written (the file or its folder is read-only): allow writing to both, or choose another --db path.`,
      });
      expect(sha(path)).toBe(before);
      // The bundle's files were staged beside the log, and went with the failed import.
      expect(existsSync(runFilesRoot(path)) ? readdirSync(runFilesRoot(path)) : []).toEqual([]);
    } finally {
      if (root) execFileSync('chattr', ['-i', path]);
      else execFileSync('chmod', ['u+w', path, dirname(path)]);
    }
  });

  it('a log locked by another process', async () => {
    const path = copyOfSound('locked');
    // Another program holds an exclusive lock (readers too are kept out) and keeps it.
    const holder = spawn(
      process.execPath,
      ['-e', `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE'); db.exec('CREATE TABLE held (x)'); console.log('held'); setInterval(() => {}, 1000);`, path],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(holder);
    await new Promise((resolve) => holder.stdout!.once('data', resolve));
    try {
      expectRefused({
        args: ['runs', '--db', path],
        message: `The run log at ${path} is locked by another program (waited 5 s): close that program or let it finish, then try again, or choose another --db path.`,
        maxSeconds: 30,
      });
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('close', resolve));
    }
    // The holder never committed: the log is as it was, and sound.
    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n).toBe(30);
    db.close();
  });

  it('a FIFO named like a log', () => {
    const path = join(dir, 'pipe.db');
    execFileSync('mkfifo', [path]);
    expectRefused({ args: ['runs', '--db', path], message: `The run log at ${path} could not be read or written (disk I/O error): check the file and its disk, or choose another --db path.` });
  });

  it('a log written by a newer Seqlab', () => {
    const path = copyOfSound('newer');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    const before = sha(path);
    expectRefused({ args: ['runs', '--db', path], message: `The run log at ${path} was written by a newer Seqlab (schema 99); update Seqlab or use another --db.` });
    expect(sha(path)).toBe(before);
  });

  it('--db under /proc (no such folder can be made): refused at once, not a hang', () => {
    expectRefused({
      args: ['runs', '--db', '/proc/x/runs.db'],
      message: "Cannot create the folder for the run log at /proc/x/runs.db (ENOENT: no such file or directory, mkdir '/proc/x'): choose another --db path.",
      maxSeconds: 10,
    });
  });

  it('--db in a folder where no file can be made (/proc/self)', () => {
    expectRefused({
      args: ['runs', '--db', '/proc/self/runs.db'],
      message: 'Cannot open the run log at /proc/self/runs.db (unable to open database file): choose another --db path.',
      maxSeconds: 10,
    });
    expect(existsSync('/proc/self/runs.db')).toBe(false);
  });

  it('export --out under /proc: refused at once, not a hang', () => {
    const path = copyOfSound('export-source');
    expectRefused({
      args: ['export', '1', '--out', '/proc/x/bundle', '--db', path],
      message: "Cannot write the bundle into /proc/x/bundle (ENOENT: no such file or directory, mkdir '/proc/x'): choose another folder for --out.",
      maxSeconds: 15,
    });
  });
});
