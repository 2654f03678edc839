// Runs in: vitest (Node). Every HTTP and WebSocket case of the corpus against ONE real browser-mode server (the built
// dist/main/serve.js in its own process): each case gets its exact expected answer and the server answers after it;
// then a normal upload, import, short training run and bundle round trip still complete on that same server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import WebSocket from 'ws';
import { FORECAST_DEFAULTS } from '../../shared/model/run-config';
import { HTTP_WS_CORPUS, type FloodCase, type HttpCase, type WsCase } from './http-ws-corpus';
import { RawSocket, errorMessageOf, sendRaw } from './support/raw-client';
import { startServeProcess, type ServeProcess } from './support/serve-process';
import { SZEGED_SLICE } from '../support/built';

let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServeProcess();
});
afterAll(async () => {
  await serve?.stop();
});

const fill = (text: string) => text.replaceAll('{token}', serve.token).replaceAll('{port}', String(serve.port));

async function runHttp(c: HttpCase): Promise<void> {
  const headers: Record<string, string> = { Host: '127.0.0.1:{port}', ...c.headers };
  const lines = [`${c.method ?? 'GET'} ${fill(c.path)} HTTP/1.1`];
  for (const [key, value] of Object.entries(headers)) if (value !== '') lines.push(`${key}: ${fill(value)}`);
  const named = (name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name);
  if (c.body !== undefined && !named('content-length') && !named('transfer-encoding')) lines.push(`Content-Length: ${Buffer.byteLength(c.body)}`);
  lines.push('Connection: close');
  const response = await sendRaw(serve.port, `${lines.join('\r\n')}\r\n\r\n${c.body ?? ''}`);
  expect(response.status, response.body).toBe(c.expect.status);
  if (c.expect.message) expect(errorMessageOf(response.body)).toMatch(new RegExp(fill(c.expect.message)));
}

async function runWs(c: WsCase): Promise<void> {
  const headers = Object.fromEntries(Object.entries(c.headers ?? {}).map(([key, value]) => [key, fill(value)]));
  const { status, body, socket } = await RawSocket.open(serve.port, fill(c.path ?? '/api?token={token}'), headers);
  if ('upgrade' in c.expect) {
    expect(status, body).toBe(c.expect.upgrade);
    if (c.expect.message) expect(errorMessageOf(body)).toMatch(new RegExp(c.expect.message));
    return;
  }
  expect(status, body).toBe(101);
  try {
    for (const frame of c.frames ?? []) socket!.send(frame);
    if ('reply' in c.expect) {
      const reply = (await socket!.nextMessage()) as { id?: unknown; error?: { message?: string } } | null;
      expect(reply, 'the server closed the socket instead of answering').not.toBeNull();
      expect(reply!.id).toEqual(c.expect.id);
      expect(reply!.error?.message).toMatch(new RegExp(c.expect.reply));
    } else {
      expect(await socket!.closeCode()).toBe(c.expect.close);
    }
  } finally {
    socket!.destroy();
  }
}

async function runFlood(c: FloodCase): Promise<void> {
  const open: RawSocket[] = [];
  let refusal: { status: number; body: string } | null = null;
  try {
    for (let i = 0; i < c.attempts && !refusal; i++) {
      const attempt = await RawSocket.open(serve.port, `/api?token=${serve.token}`);
      if (attempt.socket) open.push(attempt.socket);
      else refusal = attempt;
    }
    expect(refusal?.status).toBe(c.expect.status);
    expect(errorMessageOf(refusal?.body ?? '')).toMatch(new RegExp(c.expect.message));
    expect(open.length).toBeLessThanOrEqual(c.expect.atMostAccepted);
  } finally {
    for (const socket of open) socket.destroy();
  }
  // Once they are gone, a page can connect again.
  await expect.poll(() => canCall(), { timeout: 10_000 }).toBe(true);
}

let nextId = 1;
function openClient(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api?token=${serve.token}`, { maxPayload: 512 * 1024 * 1024 });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function callOn<T>(ws: WebSocket, method: string, params: unknown[]): Promise<T> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: T; error?: { message: string } };
      if (message.id !== id) return;
      ws.off('message', onMessage);
      if (message.error) reject(new Error(message.error.message));
      else resolve(message.result as T);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

async function canCall(): Promise<boolean> {
  try {
    const ws = await openClient();
    try {
      return Array.isArray(await callOn(ws, 'listRuns', []));
    } finally {
      ws.close();
    }
  } catch {
    return false;
  }
}

async function expectServerUp(): Promise<void> {
  expect(serve.exited(), `the server died: ${serve.stderr()}`).toBeNull();
  const page = await sendRaw(serve.port, `GET /?token=${serve.token} HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\nConnection: close\r\n\r\n`);
  expect(page.status).toBe(200);
  expect(await canCall()).toBe(true);
}

function upload(body: Buffer, origin: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: serve.port, method: 'POST', path: `/upload?token=${serve.token}&name=szeged.csv`, headers: { Origin: origin, 'Content-Type': 'application/octet-stream' } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('browser mode survives the HTTP/WebSocket corpus', () => {
  it('holds at least 25 HTTP and WebSocket cases', () => {
    expect(HTTP_WS_CORPUS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(HTTP_WS_CORPUS.map((c) => c.name)).size).toBe(HTTP_WS_CORPUS.length);
  });

  for (const c of HTTP_WS_CORPUS) {
    it(`${c.kind}: ${c.name}`, async () => {
      if (c.kind === 'http') await runHttp(c);
      else if (c.kind === 'ws') await runWs(c);
      else await runFlood(c);
      await expectServerUp();
    });
  }

  it('then still uploads, imports, trains a short run and round-trips its bundle', async () => {
    await expectServerUp();
    const uploaded = await upload(readFileSync(SZEGED_SLICE), serve.origin);
    expect(uploaded.status, uploaded.body).toBe(200);
    const { uploadId } = JSON.parse(uploaded.body) as { uploadId: string };
    const ws = await openClient();
    try {
      const dataset = await callOn<{ id: string; rowsUsed: number }>(ws, 'importUpload', [uploadId, 'szeged-3000.csv']);
      expect(dataset.rowsUsed).toBeGreaterThan(2000);
      const config = { ...FORECAST_DEFAULTS, datasetId: dataset.id, target: 'Temperature (C)', features: ['Temperature (C)'], epochs: 1, hiddenUnits: 8 };
      const { runId } = await callOn<{ runId: number }>(ws, 'startTraining', [config]);
      await expect
        .poll(async () => (await callOn<{ status: string; error: string | null }>(ws, 'getRun', [runId])).status, { timeout: 120_000, interval: 500 })
        .toBe('completed');
      const bundle = await callOn<{ files: unknown[] }>(ws, 'exportRun', [runId]);
      const imported = await callOn<{ id: number; status: string }>(ws, 'importRun', [bundle]);
      expect(imported.id).not.toBe(runId);
      expect(imported.status).toBe('completed');
    } finally {
      ws.close();
    }
    await expectServerUp();
  });
});
