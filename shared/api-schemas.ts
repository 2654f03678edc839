// Runs in: main (validation) and renderer (types). Argument schemas for every API method that crosses a boundary.
// Main checks every call against these before anything runs; the messages are shown to the user as they are.
import { z } from 'zod';
import { runConfigSchema } from './run-config';
import { MAX_COMPARE, MIN_COMPARE, RUN_SORT_COLUMNS } from './run-log';

const runId = z.number({ error: 'Run id must be a number' }).int().positive({ error: 'Run id must be positive' });

const runsQuerySchema = z
  .object({
    filter: z
      .object({
        text: z.string().max(200).optional(),
        dataset: z.string().max(255).optional(),
        cell: z.enum(['SimpleRNN', 'GRU', 'LSTM']).optional(),
        status: z.enum(['running', 'completed', 'stopped', 'failed', 'interrupted']).optional(),
        tag: z.string().max(40).optional(),
        starred: z.boolean().optional(),
        archived: z.enum(['hide', 'only', 'include']).optional(),
      })
      .strict()
      .optional(),
    sort: z.object({ column: z.enum(RUN_SORT_COLUMNS), direction: z.enum(['asc', 'desc']) }).strict().optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

const runPatchSchema = z
  .object({
    tags: z
      .array(z.string().max(40, { error: 'A tag is at most 40 characters' }))
      .max(20, { error: 'A run has at most 20 tags' })
      .optional(),
    note: z.string().max(5000, { error: 'A note is at most 5,000 characters' }).optional(),
    starred: z.boolean().optional(),
    archived: z.boolean().optional(),
  })
  .strict();

export const methodSchemas = {
  importPath: z.tuple([z.string().min(1, { error: 'No file path given' }).max(4096)]),
  importUpload: z.tuple([
    z.string().regex(/^[0-9a-f]{32}$/, { error: 'Unknown upload id' }),
    z.string().min(1).max(255),
  ]),
  importSample: z.tuple([z.string().min(1).max(200)]),
  listSamples: z.tuple([]),
  getBackendInfo: z.tuple([]),
  startTraining: z.tuple([runConfigSchema]),
  stopTraining: z.tuple([runId]),
  listRuns: z.tuple([]),
  getRun: z.tuple([runId]),
  queryRuns: z.tuple([runsQuerySchema]),
  updateRun: z.tuple([runId, runPatchSchema]),
  deleteRun: z.tuple([runId]),
  compareRuns: z.tuple([
    z
      .array(runId)
      .min(MIN_COMPARE, { error: `Select at least ${MIN_COMPARE} runs to compare` })
      .max(MAX_COMPARE, { error: `Compare at most ${MAX_COMPARE} runs at a time` }),
  ]),
} as const;

export type MethodName = keyof typeof methodSchemas;
export const METHOD_NAMES = Object.keys(methodSchemas) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methodSchemas, name);
}
