// Runs in: main (validation) and renderer (types). The argument schemas the API table (methods.ts) is built from.
// Main checks every call against these before anything runs; the messages are shown to the user as they are.
import { z } from 'zod';
import { runConfigSchema, textConfigSchema } from '../model/run-config';
import { SWEEP_PARAMS } from '../model/experiments';
import { MAX_COMPARE, MIN_COMPARE, RUN_SORT_COLUMNS } from '../model/run-log';

export const runId = z.number({ error: 'Run id must be a number' }).int().positive({ error: 'Run id must be positive' });
export const sweepId = z.number({ error: 'Sweep id must be a number' }).int().positive({ error: 'Sweep id must be positive' });
export const datasetId = z.string().regex(/^[0-9a-f]{64}$/, { error: 'Dataset id must be a sha256 hex string' });

export const importOptionsSchema = z
  .object({
    dateOrder: z.enum(['dmy', 'mdy'], { error: 'Date order must be dmy (day first) or mdy (month first)' }).optional(),
    timeParts: z.array(z.string().min(1).max(255)).min(1).max(6).optional(),
    noTime: z.boolean().optional(),
  })
  .strict();

export const textPreviewRequestSchema = textConfigSchema
  .pick({ datasetId: true, textColumn: true, labelColumn: true, vocabSize: true, minFrequency: true, maxLength: true, truncate: true, split: true, seed: true })
  .strict();

const sweepNumbers = (label: string) => z.array(z.number({ error: `${label} values must be numbers` })).min(1).max(20).optional();
export const sweepSpecSchema = z
  .object({
    name: z.string().trim().min(1, { error: 'Give the sweep a name' }).max(100),
    base: runConfigSchema,
    mode: z.enum(['grid', 'random'], { error: 'Sweep mode must be grid or random' }),
    values: z
      .object({
        window: sweepNumbers('Window'),
        hiddenUnits: sweepNumbers('Hidden units'),
        layers: sweepNumbers('Layers'),
        cell: z.array(z.enum(['SimpleRNN', 'GRU', 'LSTM'])).min(1).max(3).optional(),
        learningRate: sweepNumbers('Learning rate'),
        dropout: sweepNumbers('Dropout'),
      })
      .strict()
      .refine((values) => SWEEP_PARAMS.some((param) => values[param] !== undefined), { error: 'Choose at least one setting to vary' }),
    samples: z.number().int().min(1).max(500).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    concurrency: z.number().int().min(1, { error: 'Concurrency must be at least 1' }).max(4, { error: 'Concurrency must be at most 4' }),
    runOn: z.enum(['this-machine', 'workers'], { error: 'Run on must be this-machine or workers' }).optional(),
  })
  .strict();

export const runBundleSchema = z
  .object({
    format: z.literal('seqlab-run-bundle', { error: 'This is not a Seqlab run bundle' }),
    version: z.literal(1, { error: 'This bundle was written by a newer Seqlab: update Seqlab to import it' }),
    files: z
      .array(
        z
          .object({
            path: z.string().min(1).max(200).regex(/^(?!\/)(?!.*\.\.)[\w./-]+$/, { error: 'A bundle file path must be relative, without ..' }),
            text: z.string().max(100_000_000).optional(),
            base64: z.string().max(100_000_000).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict();

export const runsQuerySchema = z
  .object({
    filter: z
      .object({
        text: z.string().max(200).optional(),
        dataset: z.string().max(255).optional(),
        cell: z.enum(['SimpleRNN', 'GRU', 'LSTM']).optional(),
        status: z.enum(['queued', 'running', 'completed', 'stopped', 'failed', 'interrupted']).optional(),
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

export const runPatchSchema = z
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

export const filePath = z.string().min(1, { error: 'No file path given' }).max(4096);
export const uploadId = z.string().regex(/^[0-9a-f]{32}$/, { error: 'Unknown upload id' });
export const fileName = z.string().min(1).max(255);
export const sampleName = z.string().min(1).max(200);

export const compareRunIds = z
  .array(runId)
  .min(MIN_COMPARE, { error: `Select at least ${MIN_COMPARE} runs to compare` })
  .max(MAX_COMPARE, { error: `Compare at most ${MAX_COMPARE} runs at a time` });

export const textsToClassify = z
  .array(z.string().max(100_000, { error: 'A text is at most 100,000 characters' }))
  .min(1, { error: 'Type a text to classify' })
  .max(1000, { error: 'Classify at most 1,000 texts at a time' });
