// Runs in: vitest (Node). Browser mode's uploads folder cannot fill the disk (issue 12, item 5): uploads no dataset
// uses are deleted (at start, when their import fails, when left unimported), those a dataset or a logged run uses
// are kept, and the total is capped with a clear 507. A real server, service and SQLite log; real files.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createService } from '../../main/backend/create-service';
import { forkTrainerLauncher } from '../../main/backend/training/trainer-launcher';
import { startWebServer, type RunningWebServer, type WebServerOptions } from '../../main/hosts/web/server';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { TRAINER_ENTRY } from '../support/built';

const CSV = 'time,value\n' + Array.from({ length: 60 }, (_, i) => `2020-01-01T${String(i % 24).padStart(2, '0')}:00:00Z,${i}`).join('\n') + '\n';
const ID = (n: number) => n.toString(16).padStart(32, '0');
const HOUR_AGO = (Date.now() - 60 * 60_000) / 1000;

let dir: string;
let uploadsDir: string;
let services: Awaited<ReturnType<typeof createService>>[];
let servers: RunningWebServer[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-uploads-'));
  uploadsDir = join(dir, 'uploads');
  mkdirSync(join(dir, 'renderer'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Seqlab</title>');
  services = [];
  servers = [];
});
afterEach(async () => {
  for (const server of servers) await server.close();
  for (const { service, store } of services) {
    await service.shutdown();
    await store.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

async function open() {
  const created = await createService({ dbPath: join(dir, 'runs.db'), dataDir: dir, launcher: forkTrainerLauncher(TRAINER_ENTRY) });
  services.push(created);
  return created;
}

async function serve(service: WebServerOptions['service'], extra: Partial<WebServerOptions> = {}): Promise<RunningWebServer> {
  const server = await startWebServer({ service, rendererDir: join(dir, 'renderer'), ...extra });
  servers.push(server);
  return server;
}

function upload(server: RunningWebServer, body: string): Promise<{ status: number; message?: string; uploadId?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, method: 'POST', path: `/upload?token=${server.token}`, headers: { origin: `http://127.0.0.1:${server.port}` } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          const parsed = JSON.parse(text) as { uploadId?: string; error?: { message: string } };
          resolve({ status: res.statusCode ?? 0, message: parsed.error?.message, uploadId: parsed.uploadId });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function call(server: RunningWebServer, method: string, params: unknown[]): Promise<{ result?: unknown; error?: { message: string } }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`);
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  try {
    return await new Promise((resolve) => {
      // Events (import progress) come on the same socket: wait for the reply to this call.
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.id === 1) resolve(message);
      });
      ws.send(JSON.stringify({ id: 1, method, params }));
    });
  } finally {
    ws.close();
  }
}

const uploadFiles = () => (existsSync(uploadsDir) ? readdirSync(uploadsDir).sort() : []);

describe('browser-mode uploads folder', () => {
  it('at start deletes the uploads no saved run was trained on, and keeps the rest', async () => {
    const { service, store } = await open();
    mkdirSync(uploadsDir);
    for (const n of [1, 2, 3]) writeFileSync(join(uploadsDir, `${ID(n)}.csv`), CSV);
    writeFileSync(join(uploadsDir, 'notes.txt'), 'not an upload');
    utimesSync(join(uploadsDir, `${ID(1)}.csv`), HOUR_AGO, HOUR_AGO); // old, no run: deleted
    utimesSync(join(uploadsDir, `${ID(2)}.csv`), HOUR_AGO, HOUR_AGO); // old, a run trained on it: kept
    // ID(3) was just written: its page (or another server sharing the folder) may be about to import it.
    const runId = await store.createRun({ ...FORECAST_DEFAULTS, datasetId: 'ab'.repeat(32), target: 'value', features: ['value'] }, { fileName: 'a.csv', sizeBytes: 1, sha256: 'ab'.repeat(32), rowsUsed: 60 });
    await store.setRunOrigin(runId, { provenance: { seqlabVersion: '0', tfjsVersion: '0', nodeVersion: '0', platform: 'x', datasetPath: join(uploadsDir, `${ID(2)}.csv`) } });
    await store.failRun(runId, 'test run');

    await serve(service);
    expect(uploadFiles()).toEqual([`${ID(2)}.csv`, `${ID(3)}.csv`, 'notes.txt']);
  });

  it('deletes an upload whose import failed, keeps an imported one, and deletes one left unimported once another arrives', async () => {
    const { service } = await open();
    const server = await serve(service);
    const good = await upload(server, CSV);
    expect((await call(server, 'importUpload', [good.uploadId, 'good.csv'])).error).toBeUndefined();
    const bad = await upload(server, '');
    expect((await call(server, 'importUpload', [bad.uploadId, 'empty.csv'])).error?.message).toBeTruthy();
    expect(uploadFiles()).toEqual([`${good.uploadId}.csv`]);

    const abandoned = await upload(server, CSV);
    utimesSync(join(uploadsDir, `${abandoned.uploadId}.csv`), HOUR_AGO, HOUR_AGO);
    utimesSync(join(uploadsDir, `${good.uploadId}.csv`), HOUR_AGO, HOUR_AGO);
    const next = await upload(server, CSV);
    expect(uploadFiles()).toEqual([`${good.uploadId}.csv`, `${next.uploadId}.csv`].sort());
    // The imported one still trains: its dataset is loaded and its file is there.
    expect((await call(server, 'importUpload', [good.uploadId, 'good.csv'])).error).toBeUndefined();
  });

  it('caps the total: an upload that would pass it is refused with 507 and a message saying what to do', async () => {
    const { service } = await open();
    const server = await serve(service, { maxUploadsBytes: 2 * CSV.length + 10 });
    for (const name of ['a.csv', 'b.csv']) {
      const kept = await upload(server, CSV);
      expect(kept.status).toBe(200);
      expect((await call(server, 'importUpload', [kept.uploadId, name])).error?.message).toBeUndefined();
    }
    const refused = await upload(server, CSV);
    expect(refused.status).toBe(507);
    expect(refused.message).toMatch(/^The server's uploads already take .* MB they may use.*restart `npm run serve`.*delete runs/);
    expect(uploadFiles()).toHaveLength(2);
  });
});
