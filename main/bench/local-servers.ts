// Runs in: plain Node (the tests, through test/support/servers.ts, and `npm run bench -- sweep`). Local servers for
// what needs Redis and PostgreSQL: Debian's redis-server and a throwaway PostgreSQL cluster, each on 127.0.0.1 at a
// random free port, stopped by PID. .ci/run installs both packages.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, ready: () => Promise<boolean>, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before it was ready:\n${log()}`);
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} was not ready after ${timeoutMs} ms:\n${log()}`);
}

/** Stops a server by its PID and waits for it to be gone. */
async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid!, signal);
  const timer = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(child.pid!, 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

function capture(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer) => (text = (text + chunk.toString()).slice(-8000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
}

// ---------------------------------------------------------------- Redis

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  /** Stop it (SIGKILL: a crash) or gracefully, then start again on the same port: clients must reconnect. */
  restart(options?: { crash?: boolean; downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** Answers a raw PING over TCP: true once the server accepts commands. */
function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      // NOAUTH: a server with a password is up too.
      resolve(/^(\+PONG|-NOAUTH)/.test(data.toString()));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** redis-server on 127.0.0.1. Without persistence a restart starts empty, as a crashed cache would; `persistent`
 * keeps an append-only file (fsync'd on every write), as a queue's Redis should, so a restart keeps the queue. */
export async function startRedis(options: { persistent?: boolean; password?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-redis-'));
  const persistence = options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const auth = options.password ? ['--requirepass', options.password] : [];
  let child!: ChildProcess;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, ...auth, '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = capture(child);
    await waitFor('redis-server', () => redisPing(port), child, log);
  };
  await launch();
  return {
    port,
    url: options.password ? `redis://:${encodeURIComponent(options.password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    get pid() {
      return child.pid!;
    },
    async restart({ crash = false, downMs = 500 } = {}) {
      await stopChild(child, crash ? 'SIGKILL' : 'SIGTERM');
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    async stop() {
      await stopChild(child, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- PostgreSQL

export interface PostgresServer {
  readonly port: number;
  readonly pid: number;
  /** `postgres://seqlab:<password>@127.0.0.1:<port>/<database>`: a URL with a secret, as a team's would have. */
  url(database?: string): string;
  /** A new empty database, for one test's log. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Debian keeps the server binaries off PATH, in /usr/lib/postgresql/<major>/bin. */
function postgresBin(name: string): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const major of majors) {
      const path = join(root, major, 'bin', name);
      if (existsSync(path)) return path;
    }
  }
  return name;
}

/** initdb refuses to run as root: as root the cluster belongs to Debian's `postgres` user. */
function clusterUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('Running as root needs the `postgres` user (apt-get install postgresql) to own the test cluster.');
  return { uid, gid: id('-g') };
}

let databases = 0;

/** A throwaway cluster: initdb into a temporary folder, fsync off, listening on 127.0.0.1 only, password auth. */
export async function startPostgres(): Promise<PostgresServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'seqlab-pg-'));
  const data = join(dir, 'data');
  const password = randomBytes(12).toString('hex');
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, password);
  const user = clusterUser();
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  chmodSync(pwfile, 0o600);
  const init = spawnSync(
    postgresBin('initdb'),
    ['-D', data, '-U', 'seqlab', '--pwfile', pwfile, '--auth', 'scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync'],
    { encoding: 'utf8', cwd: dir, ...asUser },
  );
  rmSync(pwfile);
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}):\n${init.stderr}`);
  const child = spawn(
    postgresBin('postgres'),
    ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${data}`,
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, ...asUser },
  );
  const log = capture(child);
  const url = (database = 'postgres') => `postgres://seqlab:${password}@127.0.0.1:${port}/${database}`;
  const query = async (text: string) => {
    const client = new pg.Client({ connectionString: url() });
    try {
      await client.connect();
      await client.query(text);
    } finally {
      await client.end().catch(() => {});
    }
  };
  await waitFor('postgres', () => query('SELECT 1').then(() => true, () => false), child, log);
  return {
    port,
    pid: child.pid!,
    url,
    async createDatabase(name = `log_${process.pid}_${++databases}`) {
      await query(`CREATE DATABASE ${name}`);
      return name;
    },
    async stop() {
      // SIGINT: PostgreSQL's fast shutdown (clients are disconnected, no waiting for them).
      await stopChild(child, 'SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
