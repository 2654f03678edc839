// Runs in: main process. The one place where an untrusted call (IPC or WebSocket) becomes a service call:
// the method name is checked against the contract, the arguments against its schema, and errors become messages.
import { describeZodError } from '../../../shared/model/run-config';
import { isMethodName, methodSchemas, type MethodName } from '../../../shared/api/schemas';
import { UserError, messageOf } from '../../../shared/util/errors';
import type { SeqlabService } from '../seqlab-service';
import type { RunPatch, RunsQuery } from '../../../shared/model/run-log';
import type { ForecastConfig } from '../../../shared/model/config';
import type { RunBundle, SweepSpec } from '../../../shared/model/experiments';
import type { ImportOptions } from '../../../shared/model/forecast-data';
import type { TextPreviewRequest } from '../../../shared/model/inference';

export type DispatchResult = { ok: true; value: unknown } | { ok: false; message: string };

export async function dispatch(service: SeqlabService, method: unknown, params: unknown): Promise<DispatchResult> {
  try {
    if (!isMethodName(method)) throw new UserError(`Unknown method ${JSON.stringify(method)}.`);
    const parsed = methodSchemas[method].safeParse(params ?? []);
    if (!parsed.success) throw new UserError(`Invalid arguments to ${method}: ${describeZodError(parsed.error)}`);
    return { ok: true, value: await call(service, method, parsed.data as unknown[]) };
  } catch (error) {
    return { ok: false, message: messageOf(error) };
  }
}

function call(service: SeqlabService, method: MethodName, args: unknown[]): Promise<unknown> {
  // Each case is typed by the schema that just accepted `args`.
  switch (method) {
    case 'importPath':
      return service.importPath(args[0] as string);
    case 'importUpload':
      return service.importUpload(args[0] as string, args[1] as string);
    case 'importSample':
      return service.importSample(args[0] as string);
    case 'listSamples':
      return service.listSamples();
    case 'getBackendInfo':
      return service.getBackendInfo();
    case 'startTraining':
      return service.startTraining(args[0] as Parameters<SeqlabService['startTraining']>[0]);
    case 'stopTraining':
      return service.stopTraining(args[0] as number);
    case 'listRuns':
      return service.listRuns();
    case 'getRun':
      return service.getRun(args[0] as number);
    case 'queryRuns':
      return service.queryRuns(args[0] as RunsQuery);
    case 'updateRun':
      return service.updateRun(args[0] as number, args[1] as RunPatch);
    case 'deleteRun':
      return service.deleteRun(args[0] as number);
    case 'compareRuns':
      return service.compareRuns(args[0] as number[]);
    case 'reimport':
      return service.reimport(args[0] as string, args[1] as ImportOptions);
    case 'previewWindows':
      return service.previewWindows(args[0] as ForecastConfig);
    case 'pauseTraining':
      return service.pauseTraining(args[0] as number);
    case 'resumeTraining':
      return service.resumeTraining(args[0] as number);
    case 'predictWithRun':
      return service.predictWithRun(args[0] as number, args[1] as string);
    case 'exportPredictionsCsv':
      return service.exportPredictionsCsv(args[0] as number);
    case 'previewText':
      return service.previewText(args[0] as TextPreviewRequest);
    case 'classifyText':
      return service.classifyText(args[0] as number, args[1] as string[]);
    case 'getEmbedding':
      return service.getEmbedding(args[0] as number);
    case 'rerun':
      return service.rerun(args[0] as number);
    case 'startSweep':
      return service.startSweep(args[0] as SweepSpec);
    case 'stopSweep':
      return service.stopSweep(args[0] as number);
    case 'resumeSweep':
      return service.resumeSweep(args[0] as number);
    case 'listSweeps':
      return service.listSweeps();
    case 'getSweep':
      return service.getSweep(args[0] as number);
    case 'exportRunsCsv':
      return service.exportRunsCsv(args[0] as RunsQuery);
    case 'exportRun':
      return service.exportRun(args[0] as number);
    case 'importRun':
      return service.importRun(args[0] as RunBundle);
  }
}
