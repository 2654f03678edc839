// Runs in: vitest (Node). Browser mode offers the API table's methods for its host only: a page holding the token
// cannot make the server read a file by a path it chose (issue 12); it uploads files instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createService } from '../../main/backend/create-service';
import { startWebServer, type RunningWebServer } from '../../main/hosts/web/server';
import type { SeqlabService } from '../../main/backend/seqlab-service';
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';

let dir: string;
let server: RunningWebServer;
let service: SeqlabService;
let store: AsyncRunLog;
let ws: WebSocket;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-web-host-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Seqlab</title>');
  ({ service, store } = await createService({ dbPath: join(dir, 'runs.db'), dataDir: dir }));
  server = await startWebServer({ service, rendererDir: join(dir, 'renderer') });
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
});
afterAll(async () => {
  ws.close();
  await server.close();
  await service.shutdown();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

let nextId = 1;
function call(method: string, params: unknown[]): Promise<{ result?: unknown; error?: { message: string } }> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString());
      if (message.id !== id) return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

describe('browser mode and the API table', () => {
  it('refuses importPath, so a page cannot have the server read a file by its path', async () => {
    const secret = join(dir, 'secret.csv');
    writeFileSync(secret, 'a,b\n1,2\n3,4\n');
    const refused = await call('importPath', [secret]);
    expect(refused.error?.message).toMatch(/^Refused: importPath is for the desktop app only/);
    expect(refused.result).toBeUndefined();
  });

  it('answers its own import (importUpload) and the methods both hosts share', async () => {
    expect((await call('importUpload', ['0'.repeat(32), 'a.csv'])).error?.message).toMatch(/no longer on the server/);
    expect((await call('listRuns', [])).result).toEqual([]);
  });
});
