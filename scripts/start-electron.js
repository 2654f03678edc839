// Runs in: plain Node. `npm start`: launches the built app in Electron, or says in one line why it cannot.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const binary = () => existsSync(pathFile) && join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());

if (!binary() || !existsSync(binary())) {
  // The electron package fetches its binary on first use; where there is no network that fails.
  const download = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'pipe', timeout: 120_000 });
  if (download.status !== 0 || !binary() || !existsSync(binary())) {
    console.error('seqlab: the Electron binary could not be downloaded here (no network access to its release host); run `npm run serve` for the browser mode instead.');
    process.exit(1);
  }
}
const child = spawn(binary(), [root], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
