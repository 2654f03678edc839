// Runs in: vitest (Node). Crash safety of the run log, end to end: a real browser-mode server process trains a real
// run in its real trainer process; both are SIGKILLed mid-run (trainer first, then the app); the SQLite file must pass
// `PRAGMA integrity_check`, hold every epoch the app had reported, and the next start must show the run `interrupted`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import type { SeqlabEvent } from '../../shared/api/seqlab-api';
import type { DatasetSummary } from '../../shared/model/dataset';
import type { RunSummary } from '../../shared/model/run';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { SZEGED_SLICE, requireBuilt } from '../support/built';
import { spawnServe } from '../support/serve-spawn';


interface Serve {
  child: ChildProcess;
  origin: string;
  token: string;
  exited: Promise<unknown>;
}

async function startServe(dbPath: string): Promise<Serve> {
  const serve = await spawnServe(['--db', dbPath, '--port', '0']);
  const exited = new Promise((resolve) => (serve.exited() !== null ? resolve(serve.exited()) : serve.child.once('exit', resolve)));
  return { child: serve.child, origin: serve.origin, token: serve.token, exited };
}

/** A minimal API client over the server's WebSocket, collecting pushed events. */
async function connect(serve: Serve) {
  const ws = new WebSocket(`${serve.origin.replace('http', 'ws')}/api?token=${serve.token}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const events: SeqlabEvent[] = [];
  const pending = new Map<number, (reply: { result?: unknown; error?: { message: string } }) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { id?: number; event?: SeqlabEvent; result?: unknown; error?: { message: string } };
    if (message.event) events.push(message.event);
    else if (message.id !== undefined) pending.get(message.id)?.(message);
  });
  let nextId = 1;
  const call = async <T>(method: string, ...params: unknown[]): Promise<T> => {
    const id = nextId++;
    const reply = await new Promise<{ result?: unknown; error?: { message: string } }>((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
    if (reply.error) throw new Error(reply.error.message);
    return reply.result as T;
  };
  return { ws, events, call };
}

/** Children of a process, from /proc (Linux). */
function childPids(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/PID/stat is the parent pid; the command name (field 2) may hold spaces, so split after ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === parent) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('crash safety: SIGKILL of the trainer, then the app, mid-run', () => {
  let dir: string;
  const started: Serve[] = [];

  beforeAll(() => {
    requireBuilt();
    dir = mkdtempSync(join(tmpdir(), 'seqlab-crash-'));
  });
  afterAll(async () => {
    for (const serve of started) {
      if (serve.child.exitCode === null && serve.child.signalCode === null) {
        serve.child.kill('SIGTERM');
        await serve.exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every reported epoch, passes integrity_check, and shows the run interrupted at the next start', async () => {
    const dbPath = join(dir, 'runs.db');
    const first = await startServe(dbPath);
    started.push(first);
    const client = await connect(first);

    const upload = await fetch(`${first.origin}/upload?token=${first.token}&name=szeged-3000.csv`, {
      method: 'POST',
      body: readFileSync(SZEGED_SLICE),
    });
    const { uploadId } = (await upload.json()) as { uploadId: string };
    const dataset = await client.call<DatasetSummary>('importUpload', uploadId, 'szeged-3000.csv');
    // Small epochs (few rows per batch, tiny model) so several commit quickly; far more epochs than the test waits for.
    const { runId } = await client.call<{ runId: number }>('startTraining', {
      ...FORECAST_DEFAULTS,
      datasetId: dataset.id,
      target: 'Temperature (C)',
      features: ['Temperature (C)'],
      hiddenUnits: 4,
      batchSize: 256,
      epochs: 1000,
      backend: 'cpu',
    });

    const reported = () => client.events.filter((e) => e.type === 'run-epoch' && e.runId === runId).length;
    const finished = () => client.events.find((e) => e.type === 'run-finished' && e.runId === runId);
    await until(() => reported() >= 2 || finished() !== undefined, 90_000, 'two reported epochs');
    // A run that ended early (a trainer error) cannot be crashed mid-run: say why rather than time out.
    expect(finished(), 'the run ended before two epochs').toBeUndefined();
    const trainers = childPids(first.child.pid!);
    expect(trainers).toHaveLength(1);
    const trainer = trainers[0];

    // Freeze the app first so it cannot react to its trainer's death (which would record the run as failed):
    // the state on disk is then exactly what a crash of both leaves behind.
    process.kill(first.child.pid!, 'SIGSTOP');
    const reportedAtKill = client.events
      .filter((e): e is Extract<SeqlabEvent, { type: 'run-epoch' }> => e.type === 'run-epoch' && e.runId === runId)
      .map((e) => e.epoch);
    process.kill(trainer, 'SIGKILL');
    process.kill(first.child.pid!, 'SIGKILL');
    await first.exited;
    await until(() => !alive(trainer), 10_000, 'the trainer to be gone');
    client.ws.terminate();
    expect(first.child.signalCode).toBe('SIGKILL');

    // The file as the crash left it (WAL not checkpointed): intact, every reported epoch committed, run still 'running'.
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT epoch, loss, val_loss AS valLoss FROM epochs WHERE run_id = ? ORDER BY epoch').all(runId) as {
      epoch: number;
      loss: number;
      valLoss: number | null;
    }[];
    for (const epoch of reportedAtKill) {
      expect(rows.find((row) => row.epoch === epoch.epoch)).toEqual({ epoch: epoch.epoch, loss: epoch.loss, valLoss: epoch.valLoss });
    }
    expect(rows.length).toBeGreaterThanOrEqual(reportedAtKill.length);
    const stored = db.prepare('SELECT status, owner_pid AS ownerPid FROM runs WHERE id = ?').get(runId) as { status: string; ownerPid: number };
    expect(stored).toEqual({ status: 'running', ownerPid: first.child.pid });
    db.close();

    // Next start: the dead owner's run is shown as interrupted, with what it had logged.
    const second = await startServe(dbPath);
    started.push(second);
    const again = await connect(second);
    const runs = await again.call<RunSummary[]>('listRuns');
    expect(runs.find((run) => run.id === runId)).toMatchObject({ status: 'interrupted', epochsRun: rows.length });
    const detail = await again.call<{ epochs: { epoch: number }[]; error: string }>('getRun', runId);
    expect(detail.epochs.map((e) => e.epoch)).toEqual(rows.map((row) => row.epoch));
    expect(detail.error).toMatch(/stopped while this run was training/);
    again.ws.close();
    second.child.kill('SIGTERM');
    await second.exited;

    const check = new Database(dbPath, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });
});
