#!/usr/bin/env node
// Runs in: plain Node. The `seqlab` command: runs the built CLI on Node 22 or newer. Started by an older Node (the
// machine's, e.g. 20, on which better-sqlite3 13 crashes), it runs itself again on the Node 22 the project brings
// in its devDependencies (node_modules/node), or says in one line what to do.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIN_MAJOR = 22;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

if (major < MIN_MAJOR) {
  const projectNode = join(root, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (process.env.SEQLAB_REEXEC || !existsSync(projectNode)) {
    console.error(
      `seqlab: Node ${process.versions.node} is too old; Seqlab needs Node ${MIN_MAJOR} or newer. ` +
        'Run `npm install` in the Seqlab folder (it brings Node 22 for its own commands) or install Node 22.',
    );
    process.exit(2);
  }
  const child = spawn(projectNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, SEQLAB_REEXEC: '1' },
  });
  // Ctrl+C already reaches the child (same process group), and twice means something to some commands: do not
  // send it again, just wait. A SIGTERM sent to this process is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('error', (error) => {
    console.error(`seqlab: could not start ${projectNode}: ${error.message}`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else {
  const cli = join(root, 'dist', 'main', 'cli.js');
  if (!existsSync(cli)) {
    console.error('seqlab: the CLI is not built yet: run `npm run build` in the Seqlab folder first.');
    process.exit(2);
  }
  await import(pathToFileURL(cli).href);
}
