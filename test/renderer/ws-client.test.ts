// Runs in: vitest (jsdom). The browser-mode client against a real HTTP + WebSocket server speaking the protocol
// of shared/ws-protocol.ts, through jsdom's own WebSocket and XMLHttpRequest.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { WebSocket as ServerSocket, WebSocketServer as WebSocketServerType } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SeqlabEvent } from '../../shared/api/seqlab-api';
import type { WsRequest } from '../../shared/api/ws-protocol';
import type { ConnectionStatus } from '../../renderer/api/connection';
import { LOST_CONNECTION_MESSAGE, createWebSocketApi as createClient, type WebSocketApi } from '../../renderer/api/ws-client';
import { SZEGED } from '../support/fake-api';

// The ui project resolves packages with the 'browser' condition, which maps ws to a stub; load Node's build.
// Its client stands in for the browser's WebSocket: jsdom's (undici) mixes up jsdom's and Node's Event classes.
const wsPackage = createRequire(import.meta.url)('ws') as { WebSocketServer: typeof WebSocketServerType; WebSocket: typeof WebSocket };
const { WebSocketServer } = wsPackage;

const TOKEN = 'test-token-123';

interface TestServer {
  port: number;
  requests: WsRequest[];
  uploads: { url: string; body: string }[];
  sockets: Set<ServerSocket>;
  push(event: SeqlabEvent): void;
  dropConnections(): void;
  close(): Promise<void>;
}

/** Just enough of the browser-mode server: token check, /upload, and a few methods. */
async function startServer(port = 0): Promise<TestServer> {
  const requests: WsRequest[] = [];
  const uploads: { url: string; body: string }[] = [];
  const sockets = new Set<ServerSocket>();
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    res.setHeader('Content-Type', 'application/json');
    // jsdom's XMLHttpRequest keeps its initial origin (localhost:3000) even after reconfigure, so the real
    // same-origin upload is cross-origin here: allow it, preflight included.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
    } else if (req.method !== 'POST' || url.pathname !== '/upload' || url.searchParams.get('token') !== TOKEN) {
      res.writeHead(403).end(JSON.stringify({ error: { message: 'Forbidden' } }));
    } else if (body.length === 0) {
      res.writeHead(400).end(JSON.stringify({ error: { message: 'The file is empty: choose a CSV with a header row.' } }));
    } else {
      uploads.push({ url: req.url ?? '', body });
      res.writeHead(200).end(JSON.stringify({ uploadId: `upload-${uploads.length}` }));
    }
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/api' || url.searchParams.get('token') !== TOKEN) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        const request = JSON.parse(data.toString()) as WsRequest;
        requests.push(request);
        const reply = (payload: object) => ws.send(JSON.stringify({ id: request.id, ...payload }));
        if (request.method === 'listSamples') reply({ result: [{ name: 'szeged-weather', description: 'Hourly weather' }] });
        else if (request.method === 'importUpload') reply({ result: { ...SZEGED, fileName: request.params[1] } });
        else if (request.method === 'stopTraining') reply({ result: null });
        // Never answered: stands for a slow call in flight when the server goes away.
        else if (request.method === 'listRuns') return;
        else reply({ error: { message: `Run ${String(request.params[0])} does not exist: refresh the run list.` } });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    uploads,
    sockets,
    push: (event) => sockets.forEach((ws) => ws.send(JSON.stringify({ event }))),
    dropConnections: () => sockets.forEach((ws) => ws.terminate()),
    close: async () => {
      sockets.forEach((ws) => ws.terminate());
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** jsdom's origin becomes the server's, as when the page is served by it. */
function openPage(port: number, query = `?token=${TOKEN}`): Location {
  (globalThis as unknown as { jsdom: { reconfigure(o: { url: string }): void } }).jsdom.reconfigure({
    url: `http://127.0.0.1:${port}/${query}`,
  });
  return window.location;
}

function statusLog(api: WebSocketApi): ConnectionStatus[] {
  const log: ConnectionStatus[] = [];
  api.onConnectionChange((status) => log.push(status));
  return log;
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const clients: WebSocketApi[] = [];
function createWebSocketApi(...args: Parameters<typeof createClient>): WebSocketApi {
  const [location, options] = args;
  const client = createClient(location, { WebSocketImpl: wsPackage.WebSocket, ...options });
  clients.push(client);
  return client;
}

describe('createWebSocketApi', { timeout: 15_000 }, () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.close());
    await server?.close();
  });

  it('queues calls made before the socket opens and resolves them with the results', async () => {
    const api = createWebSocketApi(openPage(server.port), { reconnectDelaysMs: [50] });
    // Called synchronously, before the socket can be open.
    const samples = api.listSamples();
    await expect(samples).resolves.toEqual([{ name: 'szeged-weather', description: 'Hourly weather' }]);
    await api.stopTraining(4);
    expect(server.requests.map((r) => [r.method, r.params])).toEqual([
      ['listSamples', []],
      ['stopTraining', [4]],
    ]);
    expect(new Set(server.requests.map((r) => r.id)).size).toBe(2);
  });

  it('rejects with the server error message as is', async () => {
    const api = createWebSocketApi(openPage(server.port), { reconnectDelaysMs: [50] });
    await expect(api.getRun(99)).rejects.toThrow(/^Run 99 does not exist: refresh the run list\.$/);
  });

  it('dispatches pushed events to every listener until it unsubscribes', async () => {
    const api = createWebSocketApi(openPage(server.port), { reconnectDelaysMs: [50] });
    const first: SeqlabEvent[] = [];
    const second: SeqlabEvent[] = [];
    const stopFirst = api.onEvent((event) => first.push(event));
    api.onEvent((event) => second.push(event));
    await api.listSamples();
    server.push({ type: 'run-started', runId: 1, backend: 'wasm' });
    await until(() => second.length === 1);
    stopFirst();
    server.push({ type: 'run-finished', runId: 1, status: 'completed', error: null });
    await until(() => second.length === 2);
    expect(first).toEqual([{ type: 'run-started', runId: 1, backend: 'wasm' }]);
    expect(second[1]).toEqual({ type: 'run-finished', runId: 1, status: 'completed', error: null });
  });

  it('uploads the file bytes, then imports the upload by id', async () => {
    const api = createWebSocketApi(openPage(server.port), { reconnectDelaysMs: [50] });
    const text = 'time,temp\n2020-01-01 00:00,1.5\n';
    const summary = await api.importFile(new File([text], 'my data (1).csv', { type: 'text/csv' }));
    expect(summary.fileName).toBe('my data (1).csv');
    expect(server.uploads).toEqual([
      { url: `/upload?token=${TOKEN}&name=${encodeURIComponent('my data (1).csv')}`, body: text },
    ]);
    expect(server.requests.at(-1)).toMatchObject({ method: 'importUpload', params: ['upload-1', 'my data (1).csv'] });
  });

  it('rejects an upload the server refuses with its message', async () => {
    const api = createWebSocketApi(openPage(server.port), { reconnectDelaysMs: [50] });
    await expect(api.importFile(new File([], 'empty.csv'))).rejects.toThrow(
      /^The file is empty: choose a CSV with a header row\.$/,
    );
    expect(server.requests.some((r) => r.method === 'importUpload')).toBe(false);
  });

  it('on a lost connection rejects pending calls, reports it, and reconnects when the server is back', async () => {
    const api = createWebSocketApi(openPage(server.port), { reconnectDelaysMs: [50] });
    const log = statusLog(api);
    await api.listSamples();
    expect(log.at(-1)).toEqual({ state: 'open', message: null });

    // Stop the server for good, with a call in flight that it never answers.
    const port = server.port;
    const inFlight = api.listRuns();
    await until(() => server.requests.length === 2);
    await server.close();
    await expect(inFlight).rejects.toThrow(LOST_CONNECTION_MESSAGE);
    expect(log.at(-1)).toEqual({ state: 'lost', message: LOST_CONNECTION_MESSAGE });
    // Calls while the server is down fail with the same message instead of hanging.
    await expect(api.listSamples()).rejects.toThrow(LOST_CONNECTION_MESSAGE);

    server = await startServer(port);
    await until(() => log.at(-1)?.state === 'open');
    await expect(api.listSamples()).resolves.toHaveLength(1);
  });

  it('without a token in the address, explains how to open the page', async () => {
    const api = createWebSocketApi(openPage(server.port, ''), { reconnectDelaysMs: [60_000] });
    await expect(api.listSamples()).rejects.toThrow(/open the full address `npm run serve` printed/);
  });
});
