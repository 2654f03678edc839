// Runs in: main process (plain Node). The API's handlers for looking inside a finished run (issue 16).
import type { Explanation, ExplainOptions, ForecastInspection, InspectTarget, TextInspection } from '../../../shared/model/inspect';
import type { Handlers } from '../api/handlers';
import type { BackendContext } from '../context';
import { explainRun, inspectRun } from './run-inspect';

export function inspectHandlers(ctx: BackendContext) {
  return {
    async inspectRun(runId: number, target: InspectTarget): Promise<ForecastInspection | TextInspection> {
      return inspectRun(ctx, runId, target);
    },

    async explainRun(runId: number, options: ExplainOptions): Promise<Explanation> {
      return explainRun(ctx, runId, options);
    },
  } satisfies Partial<Handlers>;
}
