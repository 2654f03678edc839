// Runs in: plain Node. `seqlab export ID --out DIR` and `seqlab import DIR`: a run as a folder of files (the run
// bundle, see main/backend/experiments/run-bundle.ts; read back by bundle-folder.ts) and back into any run log, with
// `--json` for scripts.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../../../shared/util/errors';
import { createService } from '../../backend/create-service';
import { dataDirFor } from '../../backend/paths';
import { readmeFile } from '../../backend/experiments/run-bundle';
import { readBundleDir } from '../../backend/experiments/bundle-folder';
import { makeFolder } from '../../core/make-folder';

export const BUNDLE_USAGE = `  seqlab export ID --out DIR [--force] [--db PATH] [--json]
  seqlab import DIR [--db PATH] [--json]`;

function parse(args: string[], options: ParseArgsConfig['options']) {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nUsage:\n${BUNDLE_USAGE}`);
  }
}

function openLog(db: string | undefined) {
  return createService({ dbPath: db, dataDir: dataDirFor(db) });
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
  const { service, store } = await openLog(values.db as string | undefined);
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
    await service.shutdown();
    await store.close();
  }
}

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { db: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UserError(`Name one bundle folder to import, e.g. seqlab import run-12.\nUsage:\n${BUNDLE_USAGE}`);
  const bundle = readBundleDir(positionals[0]);
  const { service, store } = await openLog(values.db as string | undefined);
  try {
    const run = await service.importRun(bundle);
    if (values.json) console.log(JSON.stringify(run));
    else console.log(`imported ${resolve(positionals[0])} as run ${run.id} (${run.status}, ${run.config.task}, ${run.dataset.fileName})`);
    return 0;
  } finally {
    await service.shutdown();
    await store.close();
  }
}
