// Runs in: main process (plain Node). The sweeps table of the run log (schema 3): a sweep's spec, status and the
// combinations still to run. Shares RunStore's connection, so a pending-list update can join a run's creation
// in one transaction.
import type Database from 'better-sqlite3';
import type { RunStatus } from '../../../../shared/model/run';
import type { SweepCombination as Combination, SweepSpec, SweepStatus } from '../../../../shared/model/experiments';
import type { SweepLog, SweepRecord } from '../run-log';
import type { OwnerProcess } from '../owner-process';


interface SweepRow {
  id: number;
  created_at: string;
  name: string;
  status: SweepStatus;
  spec: string;
  pending: string;
}

const toRecord = (row: SweepRow): SweepRecord => ({
  id: row.id,
  createdAt: row.created_at,
  name: row.name,
  status: row.status,
  spec: JSON.parse(row.spec) as SweepSpec,
  pending: JSON.parse(row.pending) as Combination[],
});

export class SweepStore implements SweepLog {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      insert: db.prepare(`INSERT INTO sweeps (created_at, name, status, spec, pending) VALUES (?, ?, 'running', ?, ?)`),
      get: db.prepare(`SELECT * FROM sweeps WHERE id = ?`),
      list: db.prepare(`SELECT * FROM sweeps ORDER BY id DESC`),
      setStatus: db.prepare(`UPDATE sweeps SET status = ? WHERE id = ?`),
      setPending: db.prepare(`UPDATE sweeps SET pending = ? WHERE id = ?`),
      runs: db.prepare(`SELECT id, status FROM runs WHERE sweep_id = ? ORDER BY id`),
      withStatus: db.prepare(`SELECT id FROM sweeps WHERE status = ?`),
      lastOwner: db.prepare(`SELECT owner_pid, owner_start FROM runs WHERE sweep_id = ? ORDER BY id DESC LIMIT 1`),
      datasetPaths: db.prepare(
        `SELECT json_extract(provenance, '$.datasetPath') AS path FROM runs
         WHERE dataset_sha = ? AND json_extract(provenance, '$.datasetPath') IS NOT NULL ORDER BY id DESC`,
      ),
    };
  }

  create(spec: SweepSpec, pending: Combination[]): number {
    const info = this.statements.insert.run(new Date().toISOString(), spec.name, JSON.stringify(spec), JSON.stringify(pending));
    return Number(info.lastInsertRowid);
  }

  get(sweepId: number): SweepRecord | undefined {
    const row = this.statements.get.get(sweepId) as SweepRow | undefined;
    return row && toRecord(row);
  }

  /** Newest first. */
  list(): SweepRecord[] {
    return (this.statements.list.all() as SweepRow[]).map(toRecord);
  }

  setStatus(sweepId: number, status: SweepStatus): void {
    this.statements.setStatus.run(status, sweepId);
  }

  setPending(sweepId: number, pending: Combination[]): void {
    this.statements.setPending.run(JSON.stringify(pending), sweepId);
  }

  runs(sweepId: number): { id: number; status: RunStatus }[] {
    return this.statements.runs.all(sweepId) as { id: number; status: RunStatus }[];
  }

  idsWithStatus(status: SweepStatus): number[] {
    return (this.statements.withStatus.all(status) as { id: number }[]).map((row) => row.id);
  }

  /** The process that created the sweep's latest run (it drives the sweep while alive); undefined without runs. */
  lastOwner(sweepId: number): OwnerProcess | null | undefined {
    const row = this.statements.lastOwner.get(sweepId) as { owner_pid: number | null; owner_start: number | null } | undefined;
    if (row === undefined) return undefined;
    return row.owner_pid === null ? null : { pid: row.owner_pid, startTime: row.owner_start };
  }

  /** Files runs on this data were imported from, newest first: where a sweep's or rerun's data may still be. */
  datasetPaths(sha256: string): string[] {
    return [...new Set((this.statements.datasetPaths.all(sha256) as { path: string }[]).map((row) => row.path))];
  }
}
