// Runs in: plain Node. `seqlab export ID --out DIR` and `seqlab import DIR`: a run as a folder of files (the run
// bundle, see main/services/run-bundle.ts) and back into any run log, with `--json` for scripts.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../../../shared/util/errors';
import type { BundleFile, RunBundle } from '../../../shared/model/experiments';
import { createService } from '../../backend/create-service';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from '../../backend/experiments/bundle-run-json';
import { readmeFile } from '../../backend/experiments/run-bundle';
import { makeFolder } from '../../core/make-folder';

export const BUNDLE_USAGE = `  seqlab export ID --out DIR [--force] [--db PATH] [--json]
  seqlab import DIR [--db PATH] [--json]`;

/** Bundle files stored as bytes; every other bundle file is UTF-8 text. */
const BINARY = /\.(bin|png)$/i;
/** The API's limit on files per bundle. */
const MAX_FILES = 100;

function parse(args: string[], options: ParseArgsConfig['options']) {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nUsage:\n${BUNDLE_USAGE}`);
  }
}

function openLog(db: string | undefined) {
  return createService({ dbPath: db, dataDir: db ? dirname(db) : undefined });
}

export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: 'string' }, force: { type: 'boolean' }, db: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UserError(`Name one run to export, e.g. seqlab export 12 --out run-12.\nUsage:\n${BUNDLE_USAGE}`);
  const id = Number(positionals[0].replace(/^#/, ''));
  if (!Number.isInteger(id) || id < 1) throw new UserError(`"${positionals[0]}" is not a run id: pass a run number, e.g. seqlab export 12 --out run-12.`);
  if (typeof values.out !== 'string' || values.out === '') throw new UserError('--out DIR is required: the folder to write the bundle into.');
  const out = resolve(values.out);
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new UserError(`${out} is a file: choose a folder for --out.`);
    if (readdirSync(out).length > 0 && values.force !== true) {
      throw new UserError(`${out} is not empty: choose a new or empty folder, or pass --force to write the bundle into it anyway.`);
    }
  }
  const { service, store } = openLog(values.db as string | undefined);
  try {
    const bundle = await service.exportRun(id);
    // The window adds charts/*.png; from a terminal there is no canvas to draw them, and the README says so.
    const files = [...bundle.files, readmeFile(id, bundle.files.some((f) => f.path.startsWith('charts/')))];
    for (const file of files) {
      const path = join(out, ...file.path.split('/'));
      try {
        makeFolder(dirname(path));
        writeFileSync(path, file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : (file.text ?? ''));
      } catch (error) {
        throw new UserError(`Cannot write the bundle into ${out} (${(error as Error).message}): choose another folder for --out.`);
      }
    }
    const paths = files.map((f) => f.path);
    if (values.json) console.log(JSON.stringify({ runId: id, out, files: paths }));
    else console.log(`run ${id} exported to ${out}: ${paths.join(', ')}`);
    return 0;
  } finally {
    service.shutdown();
    store.close();
  }
}

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { db: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UserError(`Name one bundle folder to import, e.g. seqlab import run-12.\nUsage:\n${BUNDLE_USAGE}`);
  const bundle = readBundleDir(positionals[0]);
  const { service, store } = openLog(values.db as string | undefined);
  try {
    const run = await service.importRun(bundle);
    if (values.json) console.log(JSON.stringify(run));
    else console.log(`imported ${resolve(positionals[0])} as run ${run.id} (${run.status}, ${run.config.task}, ${run.dataset.fileName})`);
    return 0;
  } finally {
    service.shutdown();
    store.close();
  }
}

/** A folder written by `seqlab export` (or by hand) as a bundle; format and version are checked from its run.json. */
export function readBundleDir(dir: string): RunBundle {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UserError(`There is no folder at ${root}: pass the folder that seqlab export (or Export run in the window) wrote.`);
  }
  if (!existsSync(join(root, 'run.json'))) {
    throw new UserError(`${root} has no run.json, so it is not a run bundle: pass the folder that seqlab export wrote.`);
  }
  const files: BundleFile[] = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    // Hidden files (.DS_Store and the like) are the file manager's, not the bundle's.
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    if (files.length === MAX_FILES) throw new UserError(`${root} holds more than ${MAX_FILES} files: a run bundle has a handful. Pass the bundle's own folder.`);
    const absolute = join(entry.parentPath, entry.name);
    const path = relative(root, absolute).split(sep).join('/');
    const bytes = readFileSync(absolute);
    files.push(BINARY.test(path) ? { path, base64: bytes.toString('base64') } : { path, text: bytes.toString('utf8') });
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, files };
}
