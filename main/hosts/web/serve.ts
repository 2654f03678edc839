// Runs in: plain Node. `npm run serve`: the browser mode. Prints the URL (with its token) and serves until Ctrl+C.
import { parseArgs } from 'node:util';
import { dirname } from 'node:path';
import { createService } from '../../backend/create-service';
import { rendererDir } from '../../backend/paths';
import { startWebServer } from './server';
import { messageOf } from '../../../shared/util/errors';
import { requireSupportedNode } from '../../core/node-version';

requireSupportedNode('seqlab serve');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const dataDir = values['data-dir'] ?? (values.db ? dirname(values.db) : undefined);
  const { service, store } = createService({ dbPath: values.db, dataDir });
  const server = await startWebServer({ service, rendererDir: rendererDir(), port });
  console.log(`Seqlab browser mode, run log ${store.path}`);
  console.log(`Open ${server.url}`);
  const shutdown = async () => {
    service.shutdown();
    await server.close();
    store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`seqlab serve: ${messageOf(error).replace(/^Internal error: /, '')}`);
  process.exit(1);
});
