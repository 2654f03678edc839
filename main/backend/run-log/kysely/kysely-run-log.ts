// Runs in: main process and workers (plain Node). The run log as one typed store over SQLite (a file) and PostgreSQL
// (a server shared by a team and its workers), through Kysely: the same queries and the same migrations for both.
// Every write path that must land whole runs in one transaction.
import { sql, type Kysely, type Selectable } from 'kysely';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { RunConfig } from '../../../../shared/model/config';
import type { EpochMetrics } from '../../../../shared/model/metrics';
import type {
  DatasetFingerprint,
  PredictionSeries,
  Reproduction,
  RunDetail,
  RunProvenance,
  RunResult,
  RunStatus,
  RunSummary,
} from '../../../../shared/model/run';
import { COMPARE_MAX_POINTS, normaliseTags, type RunPatch, type RunsPage, type RunsQuery } from '../../../../shared/model/run-log';
import { UserError } from '../../../../shared/util/errors';
import { runFilesDir, sharedRunFilesDir } from '../../../core/run-files';
import { defaultDataDir } from '../../paths';
import type { AsyncRunLog, ExecutionRecord, StoredDataset } from '../async-run-log';
import { currentProcess, ownerAlive } from '../owner-process';
import type { ImportedRun, RunOriginRecord } from '../run-log';
import { decodeSeries, encodeSeries } from '../series-codec';
import { KyselySweepLog } from './kysely-sweep-log';
import { openLogDatabase, type LogDatabase } from './log-database';
import type { DialectName, LogDialect } from './log-dialect';
import type { LogTables, RunsTable } from './log-schema';
import { SUMMARY_COLUMNS, selectRunsPage, type SummaryRow } from './runs-page';

/** Points kept in a prediction series' preview copy: what the compare view draws. */
const PREVIEW_POINTS = COMPARE_MAX_POINTS;

type EndStatus = Extract<RunStatus, 'failed' | 'stopped' | 'interrupted'>;
const OPEN: RunStatus[] = ['running', 'queued'];
/** owner_host of a run waiting in a queue for a worker. */
const QUEUE_OWNER = 'queue';

export interface OpenOptions {
  /** Where a PostgreSQL log's run files (saved models) go on this machine; a SQLite log keeps them beside its file. */
  filesRoot?: string;
}

/** A folder name for a server log's files on this machine: host, port and database, never the password. */
function serverFilesRoot(url: string): string {
  const u = new URL(url);
  const name = `${u.hostname}_${u.port || '5432'}_${u.pathname.replace(/^\//, '') || 'postgres'}`.replace(/[^\w.-]/g, '_');
  return join(defaultDataDir(), 'server-logs', name);
}

export class KyselyRunLog implements AsyncRunLog {
  readonly sweeps: KyselySweepLog;

  private constructor(
    private readonly db: Kysely<LogTables>,
    private readonly d: LogDialect,
    readonly path: string,
    private readonly filesRoot: string | null,
  ) {
    this.sweeps = new KyselySweepLog(db, d);
  }

  /** A file path opens (or creates) a SQLite log; a postgres:// URL a PostgreSQL one. Migrates to the current schema. */
  static async open(target: string, options: OpenOptions = {}): Promise<KyselyRunLog> {
    const opened: LogDatabase = await openLogDatabase(target);
    const filesRoot = opened.dialect.name === 'postgres' ? (options.filesRoot ?? serverFilesRoot(target)) : null;
    return new KyselyRunLog(opened.db, opened.dialect, opened.where, filesRoot);
  }

  get dialect(): DialectName {
    return this.d.name;
  }

  /** The same log over a transaction's connection. */
  private bound(trx: Kysely<LogTables>): KyselyRunLog {
    return new KyselyRunLog(trx, this.d, this.path, this.filesRoot);
  }

  private async inTransaction<T>(work: (log: KyselyRunLog) => Promise<T>, read = false): Promise<T> {
    if (this.db.isTransaction) return work(this);
    let begin = this.db.transaction();
    // Reads that must agree with each other see one snapshot (SQLite's transactions always do).
    if (read && this.d.name === 'postgres') begin = begin.setIsolationLevel('repeatable read');
    return begin.execute((trx) => work(this.bound(trx)));
  }

  readTransaction<T>(read: (log: AsyncRunLog) => Promise<T>): Promise<T> {
    return this.inTransaction(read, true);
  }

  batch<T>(write: (log: AsyncRunLog) => Promise<T>): Promise<T> {
    return this.inTransaction(write);
  }

  // ------------------------------------------------------------ writing a run

  async createRun(config: RunConfig, dataset: DatasetFingerprint, status: 'running' | 'queued' = 'running', by: 'this-process' | 'queue' = 'this-process'): Promise<number> {
    // A queue's trial is owned by no process (owner_host 'queue' is never this host, so no start-up marks it interrupted).
    const owner = by === 'queue' ? { pid: null, startTime: null } : currentProcess();
    const row = await this.db
      .insertInto('runs')
      .values({
        created_at: new Date().toISOString(),
        status,
        config: JSON.stringify(config),
        dataset: JSON.stringify(dataset),
        owner_pid: owner.pid,
        owner_start: owner.startTime,
        owner_host: by === 'queue' ? QUEUE_OWNER : hostname(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async startQueuedRun(runId: number): Promise<void> {
    await this.db.updateTable('runs').set({ status: 'running' }).where('id', '=', runId).where('status', '=', 'queued').execute();
  }

  async setBackend(runId: number, backend: string): Promise<void> {
    await this.db.updateTable('runs').set({ backend }).where('id', '=', runId).execute();
  }

  /** One transaction per epoch: once this resolves, a crash never loses the epoch. */
  async addEpoch(runId: number, epoch: EpochMetrics, execution?: number): Promise<void> {
    await this.inTransaction(async (log) => {
      const exec = execution ?? (await log.currentExecution(runId));
      await log.db
        .insertInto('epochs')
        .values({ run_id: runId, execution: exec, epoch: epoch.epoch, loss: epoch.loss, val_loss: epoch.valLoss, seconds: epoch.seconds })
        .onConflict((oc) =>
          oc.columns(['run_id', 'execution', 'epoch']).doUpdateSet((eb) => ({
            loss: eb.ref('excluded.loss'),
            val_loss: eb.ref('excluded.val_loss'),
            seconds: eb.ref('excluded.seconds'),
          })),
        )
        .execute();
      await log.recountEpochs(runId);
    });
  }

  private async currentExecution(runId: number): Promise<number> {
    const row = await this.db.selectFrom('runs').select('execution').where('id', '=', runId).executeTakeFirst();
    return row?.execution ?? 1;
  }

  /** The run's epoch summaries, over its current execution only. */
  private async recountEpochs(runId: number): Promise<void> {
    const current = sql`epochs.run_id = runs.id AND epochs.execution = runs.execution`;
    await sql`UPDATE runs SET
      epochs_run = (SELECT COUNT(*) FROM epochs WHERE ${current}),
      best_val_loss = (SELECT MIN(val_loss) FROM epochs WHERE ${current}),
      last_val_loss = (SELECT val_loss FROM epochs WHERE ${current} ORDER BY epoch DESC LIMIT 1)
      WHERE id = ${runId}`.execute(this.db);
  }

  /** The end of a run, written once: only a run still open (and still in `execution`, when named) changes. */
  async finishRun(runId: number, result: RunResult, execution?: number): Promise<boolean> {
    return this.inTransaction(async (log) => {
      let update = log.db
        .updateTable('runs')
        .set({
          status: result.status,
          finished_at: new Date().toISOString(),
          backend: sql`COALESCE(${result.backend ?? null}, backend)`,
          train_seconds: result.trainSeconds,
          train_samples_per_second: result.trainSamplesPerSecond,
          metrics: JSON.stringify(result.metrics),
          baselines: JSON.stringify(result.baselines),
        })
        .where('id', '=', runId)
        .where('status', 'in', OPEN);
      if (execution !== undefined) update = update.where('execution', '=', execution);
      const changed = Number((await update.executeTakeFirst()).numUpdatedRows) === 1;
      if (!changed) return false;
      if (result.predictions) await log.putPredictions(runId, result.predictions);
      if (execution !== undefined) await log.endExecution(runId, execution, 'completed');
      return true;
    });
  }

  private async putPredictions(runId: number, predictions: PredictionSeries): Promise<void> {
    const series = encodeSeries(predictions);
    // Charts that overlay many runs read the thinned copy: a few KB instead of the whole test range.
    const preview = encodeSeries(decodeSeries(series, PREVIEW_POINTS));
    await this.db
      .insertInto('predictions')
      .values({ run_id: runId, series, preview })
      .onConflict((oc) => oc.column('run_id').doUpdateSet((eb) => ({ series: eb.ref('excluded.series'), preview: eb.ref('excluded.preview') })))
      .execute();
  }

  /** Ends an open run without a result (failed, or stopped before it could be scored); a final run is left alone. */
  async failRun(runId: number, message: string, status: EndStatus = 'failed', execution?: number): Promise<boolean> {
    return this.inTransaction(async (log) => {
      let update = log.db
        .updateTable('runs')
        .set({ status, error: message, finished_at: new Date().toISOString() })
        .where('id', '=', runId)
        .where('status', 'in', OPEN);
      if (execution !== undefined) update = update.where('execution', '=', execution);
      const changed = Number((await update.executeTakeFirst()).numUpdatedRows) === 1;
      if (changed && execution !== undefined) await log.endExecution(runId, execution, 'failed');
      return changed;
    });
  }

  /** At start-up: an open run whose owning process on this host is gone was cut off. Runs owned by a live process
   * (another window, a CLI run) or by another machine (a worker: the queue retries its trials) are left alone. */
  async markInterruptedRuns(): Promise<number> {
    const here = hostname();
    const rows = await this.db
      .selectFrom('runs')
      .select(['id', 'owner_pid', 'owner_start', 'owner_host'])
      .where('status', 'in', OPEN)
      .execute();
    const orphans = rows.filter(
      (row) => (row.owner_host === null || row.owner_host === here) &&
        (row.owner_pid === null || !ownerAlive({ pid: row.owner_pid, startTime: row.owner_start })),
    );
    await this.inTransaction(async (log) => {
      for (const row of orphans) {
        await log.failRun(row.id, 'The app or its trainer stopped while this run was training', 'interrupted');
        await log.db.updateTable('executions').set({ outcome: 'abandoned', ended_at: new Date().toISOString() })
          .where('run_id', '=', row.id).where('outcome', '=', 'running').execute();
      }
    });
    return orphans.length;
  }

  // ------------------------------------------------------------ executions (workers)

  async startExecution(runId: number, worker: string): Promise<number | null> {
    return this.inTransaction(async (log) => {
      const run = await log.db.selectFrom('runs').select('status').where('id', '=', runId).executeTakeFirst();
      if (!run) throw new UserError(`Run ${runId} is not in the run log at ${this.path}.`);
      if (!OPEN.includes(run.status)) return null;
      const now = new Date().toISOString();
      // Whoever ran it before is gone (its lock expired) or handed it back: that attempt is over.
      await log.db.updateTable('executions').set({ outcome: 'abandoned', ended_at: now })
        .where('run_id', '=', runId).where('outcome', '=', 'running').execute();
      const last = await log.db.selectFrom('executions').select((eb) => eb.fn.max('execution').as('n')).where('run_id', '=', runId).executeTakeFirst();
      const execution = Number(last?.n ?? 0) + 1;
      await log.db.insertInto('executions').values({ run_id: runId, execution, worker, started_at: now, ended_at: null, outcome: 'running' }).execute();
      const owner = currentProcess();
      await log.db.updateTable('runs')
        .set({ status: 'running', execution, owner_pid: owner.pid, owner_start: owner.startTime, owner_host: hostname() })
        .where('id', '=', runId).execute();
      await log.recountEpochs(runId);
      return execution;
    });
  }

  private async endExecution(runId: number, execution: number, outcome: 'completed' | 'failed' | 'abandoned'): Promise<void> {
    await this.db.updateTable('executions').set({ outcome, ended_at: new Date().toISOString() })
      .where('run_id', '=', runId).where('execution', '=', execution).where('outcome', '=', 'running').execute();
  }

  /** A worker hands a trial back (Ctrl-C before it finished): the run goes back to the queue's care. */
  async abandonExecution(runId: number, execution: number): Promise<void> {
    await this.inTransaction(async (log) => {
      await log.endExecution(runId, execution, 'abandoned');
      await log.db.updateTable('runs').set({ status: 'queued' })
        .where('id', '=', runId).where('execution', '=', execution).where('status', '=', 'running').execute();
    });
  }

  async executions(runId: number): Promise<ExecutionRecord[]> {
    const rows = await this.db.selectFrom('executions').selectAll().where('run_id', '=', runId).orderBy('execution').execute();
    return rows.map((row) => ({ execution: row.execution, worker: row.worker, startedAt: row.started_at, endedAt: row.ended_at, outcome: row.outcome }));
  }

  // ------------------------------------------------------------ datasets by content

  async putDataset(dataset: StoredDataset, content: Buffer): Promise<void> {
    await this.db
      .insertInto('datasets')
      .values({
        sha256: dataset.sha256,
        file_name: dataset.fileName,
        size_bytes: dataset.sizeBytes,
        import_options: JSON.stringify(dataset.importOptions ?? null),
        content,
        created_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }

  async getDataset(sha256: string): Promise<(StoredDataset & { content: Buffer }) | undefined> {
    const row = await this.db.selectFrom('datasets').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    if (!row) return undefined;
    return { sha256: row.sha256, fileName: row.file_name, sizeBytes: row.size_bytes, importOptions: JSON.parse(row.import_options), content: Buffer.from(row.content) };
  }

  async hasDataset(sha256: string): Promise<boolean> {
    return (await this.db.selectFrom('datasets').select('sha256').where('sha256', '=', sha256).executeTakeFirst()) !== undefined;
  }

  // ------------------------------------------------------------ reading

  async listRuns(): Promise<RunSummary[]> {
    return (await this.db.selectFrom('runs').select(SUMMARY_COLUMNS).orderBy('id', 'desc').execute()).map(toSummary);
  }

  /** One page of the runs table (runs-page.ts); summaries only, never the prediction blobs. */
  async queryRuns(query: RunsQuery = {}): Promise<RunsPage> {
    const page = await this.inTransaction((log) => selectRunsPage(log.db, this.d, query), true);
    return { runs: page.rows.map(toSummary), total: page.total, datasets: page.datasets, tags: page.tags };
  }

  async getSummary(runId: number): Promise<RunSummary> {
    const row = await this.db.selectFrom('runs').select(SUMMARY_COLUMNS).where('id', '=', runId).executeTakeFirst();
    if (!row) throw new UserError(`Run ${runId} is not in the run log at ${this.path}.`);
    return toSummary(row);
  }

  async getEpochs(runId: number): Promise<EpochMetrics[]> {
    const rows = await this.db
      .selectFrom('epochs')
      .innerJoin('runs', (join) => join.onRef('runs.id', '=', 'epochs.run_id').onRef('runs.execution', '=', 'epochs.execution'))
      .select(['epochs.epoch', 'epochs.loss', 'epochs.val_loss', 'epochs.seconds'])
      .where('epochs.run_id', '=', runId)
      .orderBy('epochs.epoch')
      .execute();
    return rows.map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.val_loss, seconds: e.seconds }));
  }

  /** The test-range predictions; `maxPoints` thins long series to every k-th step for overview charts. */
  async getPredictions(runId: number, maxPoints?: number): Promise<PredictionSeries | null> {
    if (maxPoints !== undefined && maxPoints <= PREVIEW_POINTS) {
      const preview = await this.db.selectFrom('predictions').select('preview').where('run_id', '=', runId).executeTakeFirst();
      if (preview?.preview) return decodeSeries<PredictionSeries>(preview.preview, maxPoints);
    }
    const row = await this.db.selectFrom('predictions').select('series').where('run_id', '=', runId).executeTakeFirst();
    return row ? decodeSeries<PredictionSeries>(row.series, maxPoints) : null;
  }

  async hasPredictions(runId: number): Promise<boolean> {
    return (await this.db.selectFrom('predictions').select('run_id').where('run_id', '=', runId).executeTakeFirst()) !== undefined;
  }

  async getRun(runId: number): Promise<RunDetail> {
    return this.inTransaction(
      async (log) => ({ ...(await log.getSummary(runId)), epochs: await log.getEpochs(runId), predictions: await log.getPredictions(runId) }) as RunDetail,
      true,
    );
  }

  // ------------------------------------------------------------ what the user keeps on a run

  async setRunOrigin(runId: number, origin: RunOriginRecord): Promise<void> {
    await this.db
      .updateTable('runs')
      .set({
        sweep_id: origin.sweepId ?? null,
        provenance: origin.provenance ? JSON.stringify(origin.provenance) : null,
        rerun_of: origin.rerunOf ?? null,
        ...(origin.parentRunId !== undefined ? { parent_run_id: origin.parentRunId } : {}),
      })
      .where('id', '=', runId)
      .execute();
  }

  /** The runs whose parent is this one (a backtest's folds), oldest first. */
  async childRuns(parentRunId: number): Promise<number[]> {
    return (await this.db.selectFrom('runs').select('id').where('parent_run_id', '=', parentRunId).orderBy('id').execute()).map((row) => row.id);
  }

  async setReproduction(runId: number, reproduction: Reproduction): Promise<void> {
    await this.db.updateTable('runs').set({ reproduction: JSON.stringify(reproduction) }).where('id', '=', runId).execute();
  }

  /** The trainer saved the run's model files (see run-files.ts). */
  async setModelSaved(runId: number): Promise<void> {
    await this.db.updateTable('runs').set({ has_model: 1 }).where('id', '=', runId).execute();
  }

  /** A run from another log (a bundle, see run-bundle.ts) inserted whole as a new id, in one transaction. */
  async importRun(run: ImportedRun, epochs: EpochMetrics[], predictions: PredictionSeries | null): Promise<number> {
    return this.inTransaction(async (log) => {
      const tags = normaliseTags(run.tags);
      const { id } = await log.db
        .insertInto('runs')
        .values({
          created_at: run.createdAt,
          finished_at: run.finishedAt,
          status: run.status,
          error: run.error,
          config: JSON.stringify(run.config),
          dataset: JSON.stringify(run.dataset),
          backend: run.backend,
          train_seconds: run.trainSeconds,
          train_samples_per_second: run.trainSamplesPerSecond,
          metrics: run.metrics ? JSON.stringify(run.metrics) : null,
          baselines: run.baselines ? JSON.stringify(run.baselines) : null,
          tags: JSON.stringify(tags),
          note: run.note,
          starred: run.starred ? 1 : 0,
          provenance: run.provenance ? JSON.stringify(run.provenance) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (epochs.length) {
        await log.db.insertInto('epochs')
          .values(epochs.map((e) => ({ run_id: id, execution: 1, epoch: e.epoch, loss: e.loss, val_loss: e.valLoss, seconds: e.seconds })))
          .execute();
      }
      await log.recountEpochs(id);
      if (predictions) await log.putPredictions(id, predictions);
      if (tags.length) await log.db.insertInto('run_tags').values(tags.map((tag) => ({ run_id: id, tag }))).execute();
      return id;
    });
  }

  /** Tags, note, star and archive; the rest of a run is what it logged and stays as it was. */
  async updateRun(runId: number, patch: RunPatch): Promise<RunSummary> {
    return this.inTransaction(async (log) => {
      await log.getSummary(runId);
      if (patch.tags !== undefined) {
        const tags = normaliseTags(patch.tags);
        await log.db.updateTable('runs').set({ tags: JSON.stringify(tags) }).where('id', '=', runId).execute();
        await log.db.deleteFrom('run_tags').where('run_id', '=', runId).execute();
        if (tags.length) await log.db.insertInto('run_tags').values(tags.map((tag) => ({ run_id: runId, tag }))).execute();
      }
      if (patch.note !== undefined) await log.db.updateTable('runs').set({ note: patch.note }).where('id', '=', runId).execute();
      if (patch.starred !== undefined) await log.db.updateTable('runs').set({ starred: patch.starred ? 1 : 0 }).where('id', '=', runId).execute();
      if (patch.archived !== undefined) await log.db.updateTable('runs').set({ archived: patch.archived ? 1 : 0 }).where('id', '=', runId).execute();
      return log.getSummary(runId);
    });
  }

  /** The run's own folder: beside a SQLite log (older runs keep the shared one), under filesRoot for a server log. */
  async runFilesDir(runId: number): Promise<string> {
    if (this.filesRoot !== null) return join(this.filesRoot, String(runId));
    const row = await this.db.selectFrom('runs').select('files_in_shared_folder').where('id', '=', runId).executeTakeFirst();
    return row?.files_in_shared_folder === 1 ? sharedRunFilesDir(this.path, runId) : runFilesDir(this.path, runId);
  }

  /** Removes a run with its epochs, predictions and tags (foreign keys cascade), then its files. An open run is
   * refused. */
  async deleteRun(runId: number): Promise<void> {
    const run = await this.getSummary(runId);
    if (run.status === 'running' || run.status === 'queued') {
      throw new UserError(`Run ${runId} is ${run.status === 'queued' ? 'queued to train' : 'still training'}: stop it first, then delete it.`);
    }
    const files = await this.runFilesDir(runId);
    await this.db.deleteFrom('runs').where('id', '=', runId).execute();
    rmSync(files, { recursive: true, force: true });
  }

  async integrityCheck(): Promise<string> {
    if (this.d.name === 'sqlite') {
      return (await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(this.db)).rows[0].integrity_check;
    }
    // PostgreSQL checks its own pages; being able to read the schema version is the log's part.
    const row = await this.db.selectFrom('seqlab_schema').select('version').executeTakeFirst();
    return row ? 'ok' : 'the schema version is missing';
  }

  async close(): Promise<void> {
    if (!this.db.isTransaction) await this.db.destroy();
  }
}

function toSummary(row: SummaryRow | Selectable<RunsTable>): RunSummary {
  // The JSON columns were written from the same RunConfig / result pair, so config.task tells their shapes.
  return {
    id: row.id,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    status: row.status,
    error: row.error,
    config: JSON.parse(row.config) as RunConfig,
    dataset: JSON.parse(row.dataset) as DatasetFingerprint,
    backend: row.backend,
    epochsRun: row.epochs_run,
    trainSeconds: row.train_seconds,
    trainSamplesPerSecond: row.train_samples_per_second,
    metrics: row.metrics ? JSON.parse(row.metrics) : null,
    baselines: row.baselines ? JSON.parse(row.baselines) : null,
    tags: JSON.parse(row.tags) as string[],
    note: row.note,
    starred: row.starred === 1,
    archived: row.archived === 1,
    bestValLoss: row.best_val_loss,
    lastValLoss: row.last_val_loss,
    sweepId: row.sweep_id,
    provenance: row.provenance ? (JSON.parse(row.provenance) as RunProvenance) : null,
    rerunOf: row.rerun_of,
    reproduction: row.reproduction ? (JSON.parse(row.reproduction) as Reproduction) : null,
    hasModel: row.has_model === 1,
    parentRunId: row.parent_run_id ?? null,
  } as RunSummary;
}
