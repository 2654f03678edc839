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
import type { AsyncRunLog } from '../../main/backend/run-log/async-run-log';
import { TRAINER_ENTRY } from '../support/built';
import { forkTrainerLauncher } from '../../main/backend/training/trainer-launcher';

let dir: string;
let server: RunningWebServer;
let service: SeqlabService;
let store: AsyncRunLog;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-server-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Seqlab</title>');
  ({ service, store } = await createService({ dbPath: join(dir, 'runs.db'), dataDir: dir, launcher: forkTrainerLauncher(TRAINER_ENTRY) }));
  server = await startWebServer({ service, rendererDir: renderer });
});
afterAll(async () => {
  await server.close();
  await service.shutdown();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

type Reply = { status: number; body: string; headers: Record<string, unknown> };

function send(method: string, path: string, headers: Record<string, string>, body?: string, port = server.port): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const get = (path: string, headers: Record<string, string> = {}) => send('GET', path, headers);

function connect(token: string, origin?: string, port = server.port): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`, origin ? { origin } : {});
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

describe('browser-mode server under hostile input (issue 12)', () => {
  const e32 = '%C3%A9'.repeat(32);

  it('refuses a token of 32 é (same characters, more bytes) in the query, cookie, upgrade and upload, and answers on', async () => {
    expect((await get(`/?token=${e32}`)).status).toBe(403);
    // Latin-1 on the wire: 32 characters, 64 UTF-8 bytes, as a hostile page or tool can send them.
    expect((await get('/', { cookie: `seqlab_token=${'é'.repeat(32)}` })).status).toBe(403);
    await expect(connect(e32)).rejects.toThrow(/403/);
    expect((await send('POST', `/upload?token=${e32}`, {}, 'a,b\n1,2\n')).status).toBe(403);
    expect((await get(`/?token=${server.token}`)).status).toBe(200);
  });

  it('answers 400 for paths that are not valid percent-encoded UTF-8', async () => {
    for (const path of ['/%c0%ae', '/%', '/%ff']) {
      const res = await get(`${path}?token=${server.token}`);
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body).error.message).toMatch(/not valid percent-encoded UTF-8/);
    }
    expect((await get(`/?token=${server.token}`)).status).toBe(200);
  });

  it("lets the page connect to this server's own WebSocket only (CSP header and the page's own meta policy)", async () => {
    const page = await get(`/?token=${server.token}`);
    const csp = String(page.headers['content-security-policy']);
    const connectSrc = /connect-src ([^;]*)/.exec(csp)?.[1];
    expect(connectSrc).toBe(`'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}`);
    writeFileSync(
      join(dir, 'renderer', 'meta.html'),
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'; connect-src 'self'" /><title>Seqlab</title>`,
    );
    const withMeta = await get(`/meta.html?token=${server.token}`);
    expect(withMeta.body).toContain(`content="${csp}"`);
  });

  it('accepts uploads only from its own page (Origin), as it does WebSocket connections', async () => {
    const path = `/upload?token=${server.token}`;
    for (const origin of [`http://127.0.0.1:${server.port + 1}`, 'null', 'http://evil.example']) {
      const refused = await send('POST', path, { origin }, 'a,b\n1,2\n');
      expect(refused.status, origin).toBe(403);
      expect(JSON.parse(refused.body).error.message).toMatch(/uploads are accepted only from the Seqlab page itself/);
    }
    const own = await send('POST', path, { origin: `http://127.0.0.1:${server.port}` }, 'a,b\n1,2\n');
    expect(own.status).toBe(200);
    expect(JSON.parse(own.body).uploadId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('closes a socket whose message is over the limit with 1009; the server and its other pages go on', async () => {
    const small = await startWebServer({ service, rendererDir: join(dir, 'renderer'), maxMessageBytes: 64 * 1024 });
    try {
      const [big, other] = [await connect(small.token, undefined, small.port), await connect(small.token, undefined, small.port)];
      const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
      big.on('error', () => {});
      big.send(JSON.stringify({ id: 1, method: 'classifyText', params: [1, ['x'.repeat(100 * 1024)]] }));
      expect(await closed).toBe(1009);
      expect((await call(other, 'listRuns', [])).result).toEqual([]);
      other.close();
    } finally {
      await small.close();
    }
  });

  it("caps one page's calls in progress at the message limit: beyond it, a clear error reply, not more memory", async () => {
    const small = await startWebServer({ service, rendererDir: join(dir, 'renderer'), maxMessageBytes: 64 * 1024 });
    try {
      const ws = await connect(small.token, undefined, small.port);
      const pad = 'x'.repeat(40 * 1024);
      const replies = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
      const reply = (id: number) => new Promise<{ result?: unknown; error?: { message: string } }>((resolve) => replies.set(id, resolve));
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString());
        replies.get(message.id)?.(message);
      });
      const [first, second, third] = [reply(1), reply(2), reply(3)];
      // The backend probe starts a trainer process: the first call is still in progress when the second arrives.
      ws.send(JSON.stringify({ id: 1, method: 'getBackendInfo', params: [], pad }));
      ws.send(JSON.stringify({ id: 2, method: 'listRuns', params: [], pad }));
      expect((await second).error?.message).toMatch(/still working on this page's earlier large requests/);
      expect((await first).error).toBeUndefined();
      // Once it is done, the page's large calls go through again.
      ws.send(JSON.stringify({ id: 3, method: 'listRuns', params: [], pad }));
      expect((await third).result).toEqual([]);
      ws.close();
    } finally {
      await small.close();
    }
  });

  it('refuses WebSocket connections beyond the limit with 503 and says why', async () => {
    const narrow = await startWebServer({ service, rendererDir: join(dir, 'renderer'), maxConnections: 2 });
    try {
      const open = [await connect(narrow.token, undefined, narrow.port), await connect(narrow.token, undefined, narrow.port)];
      const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${narrow.port}/api?token=${narrow.token}`);
        ws.once('open', () => reject(new Error('a third connection was accepted')));
        ws.once('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
      });
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body).error.message).toMatch(/^Too many connections: Seqlab serves at most 2 open pages at once/);
      open[0].close();
      await new Promise((resolve) => open[0].once('close', resolve));
      await expect.poll(async () => connect(narrow.token, undefined, narrow.port).then((ws) => (ws.close(), true), () => false)).toBe(true);
      open[1].close();
    } finally {
      await narrow.close();
    }
  });
});
