// Runs in: main process and workers (plain Node). The sweeps table of the run log, over SQLite or PostgreSQL: a sweep's
// spec, status and the combinations still to run. Built on the same executor as its run log, so inside a batch its
// writes join the run's transaction.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { RunStatus } from '../../../../shared/model/run';
import type { SweepCombination, SweepSpec, SweepStatus } from '../../../../shared/model/experiments';
import type { SweepRecord } from '../run-log';
import type { AsyncSweepLog } from '../async-run-log';
import type { OwnerProcess } from '../owner-process';
import type { LogDialect } from './log-dialect';
import type { LogTables, SweepsTable } from './log-schema';

const toRecord = (row: Selectable<SweepsTable>): SweepRecord => ({
  id: row.id,
  createdAt: row.created_at,
  name: row.name,
  status: row.status,
  spec: JSON.parse(row.spec) as SweepSpec,
  pending: JSON.parse(row.pending) as SweepCombination[],
});

export class KyselySweepLog implements AsyncSweepLog {
  constructor(private readonly db: Kysely<LogTables>, private readonly d: LogDialect) {}

  async create(spec: SweepSpec, pending: SweepCombination[]): Promise<number> {
    const row = await this.db
      .insertInto('sweeps')
      .values({ created_at: new Date().toISOString(), name: spec.name, status: 'running', spec: JSON.stringify(spec), pending: JSON.stringify(pending) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async get(sweepId: number): Promise<SweepRecord | undefined> {
    const row = await this.db.selectFrom('sweeps').selectAll().where('id', '=', sweepId).executeTakeFirst();
    return row && toRecord(row);
  }

  /** Newest first. */
  async list(): Promise<SweepRecord[]> {
    return (await this.db.selectFrom('sweeps').selectAll().orderBy('id', 'desc').execute()).map(toRecord);
  }

  async setStatus(sweepId: number, status: SweepStatus): Promise<void> {
    await this.db.updateTable('sweeps').set({ status }).where('id', '=', sweepId).execute();
  }

  async setPending(sweepId: number, pending: SweepCombination[]): Promise<void> {
    await this.db.updateTable('sweeps').set({ pending: JSON.stringify(pending) }).where('id', '=', sweepId).execute();
  }

  async runs(sweepId: number): Promise<{ id: number; status: RunStatus }[]> {
    return this.db.selectFrom('runs').select(['id', 'status']).where('sweep_id', '=', sweepId).orderBy('id').execute();
  }

  async idsWithStatus(status: SweepStatus): Promise<number[]> {
    return (await this.db.selectFrom('sweeps').select('id').where('status', '=', status).orderBy('id').execute()).map((row) => row.id);
  }

  /** The process that created the sweep's latest run (it drives the sweep while alive); undefined without runs. */
  async lastOwner(sweepId: number): Promise<OwnerProcess | null | undefined> {
    const row = await this.db
      .selectFrom('runs')
      .select(['owner_pid', 'owner_start'])
      .where('sweep_id', '=', sweepId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return row.owner_pid === null ? null : { pid: row.owner_pid, startTime: row.owner_start };
  }

  /** Files runs on this data were imported from, newest first: where a sweep's or rerun's data may still be. */
  async datasetPaths(sha256: string): Promise<string[]> {
    const path = this.d.jsonText('provenance', 'datasetPath');
    const rows = await sql<{ path: string }>`SELECT ${path} AS path FROM runs
      WHERE dataset_sha = ${sha256} AND ${path} IS NOT NULL ORDER BY id DESC`.execute(this.db);
    return [...new Set(rows.rows.map((row) => row.path))];
  }
}
