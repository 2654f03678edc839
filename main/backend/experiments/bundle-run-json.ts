// Runs in: main process (plain Node). run.json, the heart of a run bundle: the run's summary as the log holds it,
// wrapped with the bundle's format and version. Reading it checks every field the app later relies on, so a
// hand-edited or foreign file is refused with the field's path instead of breaking a view after import.
import { z } from 'zod';
import { BASELINE_NAMES } from '../../../shared/model/metrics';
import { type RunSummary } from '../../../shared/model/run';
import { UserError } from '../../../shared/util/errors';
import { describeZodError, runConfigSchema } from '../../../shared/model/run-config';
import type { ImportedRun } from '../run-log/run-log';

export const BUNDLE_FORMAT = 'seqlab-run-bundle';
export const BUNDLE_VERSION = 1;
export const NEWER_BUNDLE_MESSAGE = 'This bundle was written by a newer Seqlab: update Seqlab to import it';

export function runJson(run: RunSummary): string {
  return `${JSON.stringify({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION, exportedAt: new Date().toISOString(), run }, null, 2)}\n`;
}

const isoTime = z.string().refine((text) => /^\d{4}-\d{2}-\d{2}T/.test(text) && Number.isFinite(Date.parse(text)), {
  error: 'must be an ISO date-time such as 2016-01-01T00:00:00.000Z',
});
const seconds = z.number().min(0).nullable();

const forecastMetrics = z.looseObject({ mae: z.number(), rmse: z.number(), mape: z.number().nullable() });
// Shown as text in the run's panel: bounded, since a bundle comes from outside.
const runNotes = z.array(z.string().max(2000)).max(100).optional();
const forecastRunMetrics = z.looseObject({
  notes: runNotes,
  validation: forecastMetrics.optional(),
  test: forecastMetrics.optional(),
  skill: z.looseObject({ baseline: z.enum(BASELINE_NAMES), value: z.number() }).optional(),
});
const forecastBaselines = z.partialRecord(z.enum(BASELINE_NAMES), forecastMetrics);

const classification = z.looseObject({
  accuracy: z.number(),
  f1: z.number(),
  perClass: z.array(z.looseObject({ precision: z.number(), recall: z.number(), f1: z.number(), support: z.number() })),
  rocAuc: z.number().nullable(),
  confusion: z.array(z.array(z.number())),
  classNames: z.array(z.string()),
});
const textMetrics = z.looseObject({ validation: classification.optional(), test: classification.optional(), notes: runNotes });
const textBaselines = z.looseObject({ majority: classification.optional(), bagOfWords: classification.optional() });

const runSchema = z.object({
  id: z.number().int().positive(),
  createdAt: isoTime,
  finishedAt: isoTime.nullable(),
  status: z.enum(['completed', 'stopped', 'failed', 'interrupted'], {
    error: 'must be completed, stopped, failed or interrupted (a run still training cannot be imported)',
  }),
  error: z.string().max(10_000).nullable(),
  config: runConfigSchema,
  dataset: z.object({
    fileName: z.string().min(1).max(255),
    sizeBytes: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a sha256 hex string' }),
    rowsUsed: z.number().int().min(0),
  }),
  backend: z.string().max(40).nullable(),
  epochsRun: z.number().int().min(0),
  trainSeconds: seconds,
  trainSamplesPerSecond: seconds,
  metrics: z.looseObject({}).nullable(),
  baselines: z.looseObject({}).nullable(),
  tags: z.array(z.string().max(40)).max(20).default([]),
  note: z.string().max(5000).default(''),
  starred: z.boolean().default(false),
  provenance: z
    .object({
      seqlabVersion: z.string().max(100),
      tfjsVersion: z.string().max(100),
      nodeVersion: z.string().max(100),
      platform: z.string().max(100),
      datasetPath: z.string().max(4096).nullable(),
    })
    .nullable()
    .default(null),
});

const wrapperSchema = z.object({
  format: z.literal(BUNDLE_FORMAT, { error: 'This is not a Seqlab run bundle' }),
  version: z.literal(BUNDLE_VERSION, { error: NEWER_BUNDLE_MESSAGE }),
  run: z.unknown(),
});

export interface BundledRun {
  /** The run's id in the log it came from. */
  originalId: number;
  epochsRun: number;
  run: ImportedRun;
}

/** Parses run.json; every problem is a UserError naming run.json and the field. */
export function parseRunJson(text: string, fileName = 'run.json'): BundledRun {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${fileName} is not valid JSON (${(error as Error).message}): export the run again.`);
  }
  const wrapper = wrapperSchema.safeParse(data);
  if (!wrapper.success) throw new UserError(`${fileName}: ${describeZodError(wrapper.error)}.`);
  const parsed = runSchema.safeParse(wrapper.data.run);
  if (!parsed.success) throw new UserError(`${fileName}: ${prefixed(parsed.error)}.`);
  const run = parsed.data;
  const forecast = run.config.task === 'forecast';
  const metrics = (forecast ? forecastRunMetrics : textMetrics).nullable().safeParse(run.metrics);
  if (!metrics.success) throw new UserError(`${fileName}: ${prefixed(metrics.error, 'run.metrics')}.`);
  const baselines = (forecast ? forecastBaselines : textBaselines).nullable().safeParse(run.baselines);
  if (!baselines.success) throw new UserError(`${fileName}: ${prefixed(baselines.error, 'run.baselines')}.`);
  return {
    originalId: run.id,
    epochsRun: run.epochsRun,
    run: {
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
      status: run.status,
      error: run.error,
      config: run.config,
      dataset: run.dataset,
      backend: run.backend,
      trainSeconds: run.trainSeconds,
      trainSamplesPerSecond: run.trainSamplesPerSecond,
      metrics: metrics.data as RunSummary['metrics'],
      baselines: baselines.data as RunSummary['baselines'],
      tags: run.tags,
      note: run.note,
      starred: run.starred,
      provenance: run.provenance,
    },
  };
}

function prefixed(error: z.ZodError, prefix = 'run'): string {
  return error.issues.map((issue) => `${[prefix, ...issue.path].join('.')}: ${issue.message}`).join('; ');
}
