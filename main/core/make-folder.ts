// Runs in: main and trainer processes (plain Node). Creates a folder and its missing parents, one level at a time:
// mkdirSync(path, { recursive: true }) never returns for a path under /proc (Node loops on its ENOENT there), which
// hung `--db /proc/x/runs.db` and `export --out /proc/x`. Each level fails plainly instead (ENOENT, EACCES, EROFS).
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function makeFolder(path: string): void {
  const missing: string[] = [];
  for (let dir = resolve(path); !existsSync(dir); dir = dirname(dir)) {
    missing.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing.reverse()) mkdirSync(dir);
}
