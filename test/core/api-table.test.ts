// Runs in: vitest (Node) and tsc. The API table against the model types it stands for: every argument schema accepts
// exactly what its TypeScript type describes, and SeqlabApi, the socket's methods and the backend's handlers are the
// table's. These are type assertions: `tsc --noEmit` (npm test's typecheck) fails when a schema and its type drift.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { METHOD_NAMES, methodNamesFor, methods, type ArgsOf, type MethodName, type ParamsOf, type ResultOf } from '../../shared/api/methods';
import type { SeqlabApi } from '../../shared/api/seqlab-api';
import type { WsMethods } from '../../shared/api/ws-protocol';
import {
  importOptionsSchema,
  runBundleSchema,
  runPatchSchema,
  runsQuerySchema,
  sweepSpecSchema,
  textPreviewRequestSchema,
} from '../../shared/api/schemas';
import { forecastConfigSchema, runConfigSchema, textConfigSchema } from '../../shared/model/run-config';
import type { ForecastConfig, RunConfig, TextConfig, TrainingControl } from '../../shared/model/config';
import type { DatasetSummary } from '../../shared/model/dataset';
import type { RunBundle, SweepSpec } from '../../shared/model/experiments';
import type { ImportOptions } from '../../shared/model/forecast-data';
import type { TextPreviewRequest } from '../../shared/model/inference';
import type { ExplainOptions, Explanation, InspectTarget } from '../../shared/model/inspect';
import type { RunPatch, RunsQuery } from '../../shared/model/run-log';
import type { Handlers } from '../../main/backend/api/handlers';

/** T with the fields K required: what a schema's defaults make of a config that may lack them (spelled out as one
 * object type, because expectTypeOf tells an intersection from the same properties written out). */
type Filled<T, K extends keyof T> = { [P in keyof (T & Required<Pick<T, K>>)]: (T & Required<Pick<T, K>>)[P] };
/** The fields a schema fills in with `.default()` when a config lacks them. */
type Defaulted<S extends z.ZodObject, T> = { [K in keyof S['shape']]: S['shape'][K] extends z.ZodDefault ? K : never }[keyof S['shape']] & keyof T;
type ParsedForecast = Filled<ForecastConfig, Defaulted<typeof forecastConfigSchema, ForecastConfig>>;
type ParsedText = Filled<TextConfig, Defaulted<typeof textConfigSchema, TextConfig>>;

describe('argument schemas describe the model types', () => {
  it('accepts exactly the model type (what a caller sends)', () => {
    expectTypeOf<z.input<typeof forecastConfigSchema>>().toEqualTypeOf<ForecastConfig>();
    expectTypeOf<z.input<typeof textConfigSchema>>().toEqualTypeOf<TextConfig>();
    expectTypeOf<z.input<typeof runConfigSchema>>().toEqualTypeOf<RunConfig>();
    expectTypeOf<z.input<typeof sweepSpecSchema>>().toEqualTypeOf<SweepSpec>();
    expectTypeOf<z.input<typeof runsQuerySchema>>().toEqualTypeOf<RunsQuery>();
    expectTypeOf<z.input<typeof runPatchSchema>>().toEqualTypeOf<RunPatch>();
    expectTypeOf<z.input<typeof runBundleSchema>>().toEqualTypeOf<RunBundle>();
    expectTypeOf<z.input<typeof importOptionsSchema>>().toEqualTypeOf<ImportOptions>();
    expectTypeOf<z.input<typeof textPreviewRequestSchema>>().toEqualTypeOf<TextPreviewRequest>();
  });

  it('gives handlers the model type, with the defaults of older configs filled in', () => {
    expectTypeOf<z.output<typeof forecastConfigSchema>>().toEqualTypeOf<ParsedForecast>();
    expectTypeOf<z.output<typeof textConfigSchema>>().toEqualTypeOf<ParsedText>();
    expectTypeOf<z.output<typeof runConfigSchema>>().toEqualTypeOf<ParsedForecast | ParsedText>();
    // Text configs logged before the training controls existed get every one of them from the schema.
    expectTypeOf<keyof TrainingControl>().toExtend<Defaulted<typeof textConfigSchema, TextConfig>>();
    expectTypeOf<z.output<typeof runsQuerySchema>>().toEqualTypeOf<RunsQuery>();
    expectTypeOf<z.output<typeof runPatchSchema>>().toEqualTypeOf<RunPatch>();
    expectTypeOf<z.output<typeof runBundleSchema>>().toEqualTypeOf<RunBundle>();
    expectTypeOf<z.output<typeof importOptionsSchema>>().toEqualTypeOf<ImportOptions>();
    expectTypeOf<z.output<typeof textPreviewRequestSchema>>().toEqualTypeOf<TextPreviewRequest>();
    expectTypeOf<ArgsOf<'startSweep'>[0]>().toExtend<SweepSpec>();
  });
});

describe('the API table', () => {
  it('gives each method its model types', () => {
    expectTypeOf<ParamsOf<'startTraining'>>().toEqualTypeOf<[RunConfig]>();
    expectTypeOf<ParamsOf<'previewWindows'>>().toEqualTypeOf<[ForecastConfig]>();
    expectTypeOf<ParamsOf<'queryRuns'>>().toEqualTypeOf<[RunsQuery]>();
    expectTypeOf<ParamsOf<'updateRun'>>().toEqualTypeOf<[number, RunPatch]>();
    expectTypeOf<ParamsOf<'reimport'>>().toEqualTypeOf<[string, ImportOptions]>();
    expectTypeOf<ParamsOf<'previewText'>>().toEqualTypeOf<[TextPreviewRequest]>();
    expectTypeOf<ParamsOf<'startSweep'>>().toEqualTypeOf<[SweepSpec]>();
    expectTypeOf<ParamsOf<'importRun'>>().toEqualTypeOf<[RunBundle]>();
    expectTypeOf<ParamsOf<'classifyText'>>().toEqualTypeOf<[number, string[]]>();
    expectTypeOf<ParamsOf<'inspectRun'>>().toEqualTypeOf<[number, InspectTarget]>();
    expectTypeOf<ParamsOf<'explainRun'>>().toEqualTypeOf<[number, ExplainOptions]>();
    expectTypeOf<ResultOf<'explainRun'>>().toEqualTypeOf<Explanation>();
    expectTypeOf<ParamsOf<'importUpload'>>().toEqualTypeOf<[string, string]>();
    expectTypeOf<ResultOf<'importPath'>>().toEqualTypeOf<DatasetSummary>();
    expectTypeOf<ResultOf<'stopTraining'>>().toEqualTypeOf<void>();
  });

  it('is what SeqlabApi, the socket and the backend offer', () => {
    type Page = Omit<SeqlabApi, 'importFile' | 'onEvent'>;
    expectTypeOf<keyof Page>().toEqualTypeOf<Exclude<MethodName, 'importPath' | 'importUpload'>>();
    expectTypeOf<Page>().toEqualTypeOf<{ [K in keyof Page]: (...params: ParamsOf<K>) => Promise<ResultOf<K>> }>();
    expectTypeOf<SeqlabApi['importFile']>().toEqualTypeOf<(file: File) => Promise<DatasetSummary>>();
    expectTypeOf<keyof WsMethods>().toEqualTypeOf<Exclude<MethodName, 'importPath'>>();
    expectTypeOf<keyof Handlers>().toEqualTypeOf<MethodName>();
    expectTypeOf<Handlers['startTraining']>().toEqualTypeOf<(config: ArgsOf<'startTraining'>[0]) => Promise<{ runId: number }>>();
  });

  it('lists each method once and tells the hosts apart', () => {
    expect(new Set(METHOD_NAMES).size).toBe(Object.keys(methods).length);
    expect(methodNamesFor('electron')).toContain('importPath');
    expect(methodNamesFor('electron')).not.toContain('importUpload');
    expect(methodNamesFor('web')).toContain('importUpload');
    expect(methodNamesFor('web')).not.toContain('importPath');
    expect(methodNamesFor('web').length).toBe(METHOD_NAMES.length - 1);
  });
});
