// Runs in: vitest (Node). The browser mode's HTTP + WebSocket server: loopback only, token required, every call
// validated. A real server on 127.0.0.1 and a real WebSocket client; no browser needed here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createService } from '../../main/backend/create-service';
import { startWebServer, type RunningWebServer } from '../../main/hosts/web/server';
import type { SeqlabService } from '../../main/backend/seqlab-service';
import type { RunLog } from '../../main/backend/run-log/run-log';
import { TRAINER_ENTRY } from '../support/built';
import { forkTrainerLauncher } from '../../main/backend/training/trainer-launcher';

let dir: string;
let server: RunningWebServer;
let service: SeqlabService;
let store: RunLog;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-server-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Seqlab</title>');
  ({ service, store } = createService({ dbPath: join(dir, 'runs.db'), dataDir: dir, launcher: forkTrainerLauncher(TRAINER_ENTRY) }));
  server = await startWebServer({ service, rendererDir: renderer });
});
afterAll(async () => {
  await server.close();
  service.shutdown();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(token: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${token}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, method: string, params: unknown[]): Promise<{ result?: unknown; error?: { message: string } }> {
  const id = Math.random();
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString());
      if (message.id === id) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

describe('browser-mode server', () => {
  it('listens on loopback and prints a tokenised URL', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('serves the app with the token, sets a same-site cookie, and refuses without it', async () => {
    expect((await get('/')).status).toBe(403);
    const ok = await get(`/?token=${server.token}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<title>Seqlab</title>');
    expect(String(ok.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect(String(ok.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await get('/index.html', { cookie: `seqlab_token=${server.token}` })).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    expect((await get(`/?token=${server.token}`, { host: `evil.example:${server.port}` })).status).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await get(`/..%2f..%2fruns.db?token=${server.token}`);
    expect(res.status).toBe(404);
  });

  it('refuses WebSocket connections without the token or from another origin', async () => {
    await expect(connect('wrong')).rejects.toThrow(/403/);
    await expect(connect(server.token, 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('answers calls and validates method names and arguments', async () => {
    const ws = await connect(server.token);
    expect((await call(ws, 'listRuns', [])).result).toEqual([]);
    expect((await call(ws, 'deleteEverything', [])).error?.message).toMatch(/Unknown method/);
    expect((await call(ws, 'getRun', ['1; DROP TABLE runs'])).error?.message).toMatch(/Invalid arguments to getRun/);
    expect((await call(ws, 'getRun', [7])).error?.message).toMatch(/Run 7 is not in the run log/);
    const badConfig = await call(ws, 'startTraining', [{ task: 'forecast', window: -1 }]);
    expect(badConfig.error?.message).toMatch(/Invalid arguments to startTraining/);
    ws.close();
  });
});
