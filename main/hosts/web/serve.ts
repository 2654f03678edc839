// Runs in: plain Node. `npm run serve`: the browser mode. Prints the URL (with its token) and serves until Ctrl+C.
import { parseArgs } from 'node:util';
import { createService } from '../../backend/create-service';
import { dataDirFor, rendererDir } from '../../backend/paths';
import { startWebServer } from './server';
import { messageOf } from '../../../shared/util/errors';
import { requireSupportedNode } from '../../core/node-version';
import { redactSecrets, redactUrl } from '../../core/redact-url';
import { checkQueueReachable } from '../../backend/queue/trial-queue';

requireSupportedNode('seqlab serve');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      queue: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  // --db is a SQLite file (the default) or a postgres:// URL; store.path names it without any password.
  const dataDir = values['data-dir'] ?? dataDirFor(values.db);
  // --queue redis://...: sweeps may run on workers. Checked now, so a wrong address or password is one clear line.
  if (values.queue !== undefined) await checkQueueReachable(values.queue);
  const { service, store } = await createService({ dbPath: values.db, dataDir, queueUrl: values.queue });
  const server = await startWebServer({ service, rendererDir: rendererDir(), port });
  console.log(`Seqlab browser mode, run log ${store.path}`);
  if (values.queue !== undefined) console.log(`Sweeps can run on workers through ${redactUrl(values.queue)}`);
  console.log(`Open ${server.url}`);
  const shutdown = async () => {
    await service.shutdown();
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  // A driver's own message may quote the --db URL: its password never reaches the terminal.
  console.error(`seqlab serve: ${redactSecrets(messageOf(error)).replace(/^Internal error: /, '')}`);
  process.exit(1);
});
