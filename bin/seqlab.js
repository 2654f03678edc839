#!/usr/bin/env node
// Runs in: plain Node. The `seqlab` command: checks the Node version, then runs the built CLI.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`seqlab: Node ${process.versions.node} is too old; Seqlab needs Node 22 or newer.`);
  process.exit(2);
}
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main', 'cli.js');
if (!existsSync(cli)) {
  console.error('seqlab: the CLI is not built yet: run `npm run build` in the Seqlab folder first.');
  process.exit(2);
}
await import(pathToFileURL(cli).href);
