// Runs in: main process (plain Node). The runs feature's API handlers: list, query, edit, delete and compare logged
// runs, and use a finished run's model (predict a file, classify texts, its embedding, its predictions as CSV).
import type { EmbeddingSnapshot, PredictionsFromCsv, TextPrediction } from '../../../shared/model/inference';
import { isTextRun, type RunDetail, type RunSummary } from '../../../shared/model/run';
import type { RunComparison, RunPatch, RunsPage, RunsQuery } from '../../../shared/model/run-log';
import { UserError } from '../../../shared/util/errors';
import type { Handlers } from '../api/handlers';
import type { BackendContext } from '../context';
import { compareRuns } from './run-compare';
import { readEmbedding } from './run-embedding';
import { classifyText, exportPredictionsCsv, predictWithRun } from './run-predictions';
import { exportRunsCsv } from './runs-csv';

export function runHandlers(ctx: BackendContext) {
  const { store } = ctx;
  return {
    async listRuns(): Promise<RunSummary[]> {
      return store.listRuns();
    },

    async getRun(runId: number): Promise<RunDetail> {
      return store.getRun(runId);
    },

    async queryRuns(query: RunsQuery): Promise<RunsPage> {
      return store.queryRuns(query);
    },

    async updateRun(runId: number, patch: RunPatch): Promise<RunSummary> {
      return store.updateRun(runId, patch);
    },

    async deleteRun(runId: number): Promise<void> {
      if (ctx.training.isActive(runId)) throw new UserError(`Run ${runId} is still training: stop it first, then delete it.`);
      await store.deleteRun(runId);
    },

    async compareRuns(runIds: number[]): Promise<RunComparison> {
      return compareRuns(store, runIds);
    },

    async exportRunsCsv(query: RunsQuery): Promise<string> {
      return exportRunsCsv(store, query);
    },

    async predictWithRun(runId: number, datasetId: string): Promise<PredictionsFromCsv> {
      return predictWithRun(ctx, runId, ctx.datasets.get(datasetId));
    },

    async exportPredictionsCsv(runId: number): Promise<string> {
      return exportPredictionsCsv(store, runId);
    },

    async classifyText(runId: number, texts: string[]): Promise<TextPrediction[]> {
      return classifyText(ctx, runId, texts);
    },

    async getEmbedding(runId: number): Promise<EmbeddingSnapshot | null> {
      const run = await store.getRun(runId);
      return isTextRun(run) ? readEmbedding(await store.runFilesDir(runId)) : null;
    },
  } satisfies Partial<Handlers>;
}
