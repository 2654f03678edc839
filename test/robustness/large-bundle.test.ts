// Runs in: vitest (Node). Issue 12, item 2: importing the zip of a run whose model is an LSTM of 256 units (a 1.4 MB
// call) from the Runs view crashed browser mode (the socket's 1 MiB limit, no 'error' listener). The same path the
// page takes: the renderer's importRunZip through the renderer's WebSocket client, to the real server and service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createService } from '../../main/backend/create-service';
import { exportRun } from '../../main/backend/experiments/run-bundle';
import { openRunLog } from '../../main/backend/run-log/open-run-log';
import { forkTrainerLauncher } from '../../main/backend/training/trainer-launcher';
import type { BundleFile } from '../../shared/model/experiments';
import { saveModel } from '../../main/trainer/model-io';
import { startWebServer, type RunningWebServer } from '../../main/hosts/web/server';
import { createWebSocketApi, type WebSocketApi } from '../../renderer/api/ws-client';
import { bundleToZip } from '../../renderer/runs/bundle-zip';
import { importRunZip } from '../../renderer/runs/run-transfer';
import { makeSourceLog } from '../support/bundle-fixture';
import { TRAINER_ENTRY } from '../support/built';

let dir: string;
let server: RunningWebServer;
let target: Awaited<ReturnType<typeof createService>>;
let api: WebSocketApi;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqlab-large-bundle-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Seqlab</title>');
  target = await createService({ dbPath: join(dir, 'target', 'runs.db'), dataDir: join(dir, 'target'), launcher: forkTrainerLauncher(TRAINER_ENTRY) });
  server = await startWebServer({ service: target.service, rendererDir: join(dir, 'renderer') });
  api = createWebSocketApi({ href: server.url }, { WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket, reconnectDelaysMs: [100] });
});
afterAll(async () => {
  api?.close();
  await server?.close();
  await target?.service.shutdown();
  await target?.store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A finished run's bundle whose model is a real LSTM of 256 units (1.05 MB of weights, 1.4 MB as base64). */
async function lstm256Bundle() {
  const sourceDb = join(dir, 'source', 'runs.db');
  mkdirSync(join(dir, 'source'));
  const { forecastId } = await makeSourceLog(sourceDb);
  const log = await openRunLog(sourceDb);
  const bundle = await (async () => {
    try {
      return await exportRun(log, forecastId);
    } finally {
      await log.close();
    }
  })();
  const model = tf.sequential();
  // Glorot rather than the default orthogonal start: its QR on the cpu backend takes minutes at this size.
  model.add(tf.layers.lstm({ units: 256, inputShape: [3, 1], recurrentInitializer: 'glorotUniform' }));
  model.add(tf.layers.dense({ units: 1 }));
  const modelDir = join(dir, 'lstm-256');
  await saveModel(model, modelDir);
  model.dispose();
  const replaced: Record<string, BundleFile> = {
    'model/model.json': { path: 'model/model.json', text: readFileSync(join(modelDir, 'model.json'), 'utf8') },
    'model/weights.bin': { path: 'model/weights.bin', base64: readFileSync(join(modelDir, 'weights.bin')).toString('base64') },
  };
  expect(bundle.files.filter((file) => replaced[file.path])).toHaveLength(2);
  return { ...bundle, files: bundle.files.map((file) => replaced[file.path] ?? file) };
}

describe('a large run bundle imports in browser mode', () => {
  it('sends the zip of an LSTM-256 run (over 1.4 MB) from the Runs view and gets the imported run back', async () => {
    const bundle = await lstm256Bundle();
    expect(JSON.stringify(bundle).length).toBeGreaterThan(1.4e6);
    const zip = bundleToZip(bundle);
    const imported = await importRunZip(api, new Blob([zip as Uint8Array<ArrayBuffer>]));
    expect(imported.status).toBe('completed');
    expect(imported.hasModel).toBe(true);
    // The server is still there for the next call.
    expect((await api.listRuns()).map((run) => run.id)).toContain(imported.id);
  });
});
