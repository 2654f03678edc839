// Runs in: main (validation) and renderer (types). Argument schemas for every API method that crosses a boundary.
// Main checks every call against these before anything runs; the messages are shown to the user as they are.
import { z } from 'zod';
import { forecastConfigSchema } from './run-config';

const runId = z.number({ error: 'Run id must be a number' }).int().positive({ error: 'Run id must be positive' });

export const methodSchemas = {
  importPath: z.tuple([z.string().min(1, { error: 'No file path given' }).max(4096)]),
  importUpload: z.tuple([
    z.string().regex(/^[0-9a-f]{32}$/, { error: 'Unknown upload id' }),
    z.string().min(1).max(255),
  ]),
  importSample: z.tuple([z.string().min(1).max(200)]),
  listSamples: z.tuple([]),
  getBackendInfo: z.tuple([]),
  startTraining: z.tuple([forecastConfigSchema]),
  stopTraining: z.tuple([runId]),
  listRuns: z.tuple([]),
  getRun: z.tuple([runId]),
} as const;

export type MethodName = keyof typeof methodSchemas;
export const METHOD_NAMES = Object.keys(methodSchemas) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methodSchemas, name);
}
