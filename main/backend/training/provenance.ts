// Runs in: main process (plain Node). What a run records about the software and file it ran on, so a rerun can
// find the data again and say whether it should have matched.
import { createRequire } from 'node:module';
import { platform, arch } from 'node:process';
import { resolve } from 'node:path';
import type { RunProvenance } from '../../../shared/model/run';
import type { ImportOptions } from '../../../shared/model/forecast-data';
import pkg from '../../../package.json' with { type: 'json' };

let tfjsVersion: string | undefined;

/** The installed @tensorflow/tfjs version (what its `version` export reports), read from its package.json: loading
 * TensorFlow.js itself into the main process would cost a second and tens of MB for one string. */
function installedTfjsVersion(): string {
  if (tfjsVersion === undefined) {
    try {
      tfjsVersion = (createRequire(import.meta.url)('@tensorflow/tfjs/package.json') as { version: string }).version;
    } catch {
      tfjsVersion = 'unknown';
    }
  }
  return tfjsVersion;
}

export function runProvenance(datasetPath: string | null, importOptions?: ImportOptions): RunProvenance {
  return {
    seqlabVersion: pkg.version,
    tfjsVersion: installedTfjsVersion(),
    nodeVersion: process.versions.node,
    platform: `${platform}-${arch}`,
    datasetPath: datasetPath === null ? null : resolve(datasetPath),
    ...(importOptions ? { importOptions } : {}),
  };
}
