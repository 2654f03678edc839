// Runs in: main process and workers (plain Node). The run log's schema, one set of migrations for SQLite and
// PostgreSQL, written with Kysely's schema builder (`sql` and log-dialect.ts where the databases differ). Entry N
// upgrades a log from version N to N + 1. SQLite logs keep their version in PRAGMA user_version, as every log
// written since version 1 has, so old files open and upgrade; PostgreSQL keeps it in a one-row table, and upgrades
// under an advisory lock so that two workers starting at once do not both migrate.
//
// Never edit a shipped entry: append a new one.
import { sql, type ColumnDefinitionBuilder, type Kysely, type RawBuilder } from 'kysely';
import { UserError } from '../../../../shared/util/errors';
import type { DataTypeExpression, LogDialect } from './log-dialect';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the schema is what is being built
type Migration = (db: Db, d: LogDialect) => Promise<void>;

/** One ALTER TABLE per column: SQLite adds one column per statement. */
async function addColumns(db: Db, table: string, columns: [string, DataTypeExpression, ((c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder)?][]) {
  for (const [name, type, build] of columns) {
    await db.schema.alterTable(table).addColumn(name, type, build ?? ((c) => c)).execute();
  }
}

const generated = (d: LogDialect, expression: RawBuilder<unknown>) => (c: ColumnDefinitionBuilder) => d.generated(c, expression);

export const MIGRATIONS: Migration[] = [
  // 1: runs, their epochs and their predictions.
  async (db, d) => {
    await db.schema
      .createTable('runs')
      .addColumn('id', d.idType, (c) => d.autoId(c))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('owner_pid', 'integer')
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('dataset', 'text', (c) => c.notNull())
      .addColumn('backend', 'text')
      .addColumn('epochs_run', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('train_seconds', d.realType)
      .addColumn('train_samples_per_second', d.realType)
      .addColumn('metrics', 'text')
      .addColumn('baselines', 'text')
      .execute();
    await db.schema
      .createTable('epochs')
      .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('epoch', 'integer', (c) => c.notNull())
      .addColumn('loss', d.realType, (c) => c.notNull())
      .addColumn('val_loss', d.realType)
      .addColumn('seconds', d.realType, (c) => c.notNull())
      .addPrimaryKeyConstraint('epochs_pk', ['run_id', 'epoch'])
      .execute();
    await db.schema
      .createTable('predictions')
      .addColumn('run_id', 'integer', (c) => c.primaryKey().references('runs.id').onDelete('cascade'))
      .addColumn('series', d.bytesType, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('runs_created').on('runs').column('created_at desc').execute();
  },

  // 2: the experiment log. What the user keeps on a run (tags, note, star, archive); validation-loss summaries kept
  // up to date per epoch; generated columns over the JSON documents so the runs table filters and sorts in SQL
  // without parsing them; a lower-cased search text; tags in their own table (indexed by tag) and as a JSON copy.
  async (db, d) => {
    await addColumns(db, 'runs', [
      ['note', 'text', (c) => c.notNull().defaultTo('')],
      ['starred', 'integer', (c) => c.notNull().defaultTo(0)],
      ['archived', 'integer', (c) => c.notNull().defaultTo(0)],
      ['tags', 'text', (c) => c.notNull().defaultTo('[]')],
      ['best_val_loss', d.realType],
      ['last_val_loss', d.realType],
      ['dataset_name', 'text', generated(d, d.jsonText('dataset', 'fileName'))],
      ['dataset_sha', 'text', generated(d, d.jsonText('dataset', 'sha256'))],
      ['task', 'text', generated(d, d.jsonText('config', 'task'))],
      ['cell', 'text', generated(d, d.jsonText('config', 'cell'))],
      ['layers', 'integer', generated(d, d.jsonInteger('config', 'layers'))],
      ['hidden_units', 'integer', generated(d, d.jsonInteger('config', 'hiddenUnits'))],
      ['window_size', 'integer', generated(d, d.jsonInteger('config', 'window'))],
      ['horizon', 'integer', generated(d, d.jsonInteger('config', 'horizon'))],
      ['test_mae', d.realType, generated(d, d.jsonReal('metrics', 'test.mae'))],
      ['test_rmse', d.realType, generated(d, d.jsonReal('metrics', 'test.rmse'))],
      ['test_accuracy', d.realType, generated(d, d.jsonReal('metrics', 'test.accuracy'))],
      ['skill', d.realType, generated(d, sql`COALESCE(${d.jsonReal('metrics', 'skill.value')},
        1 - ${d.jsonReal('metrics', 'test.mae')} / NULLIF(${d.jsonReal('baselines', 'persistence.mae')}, 0))`)],
    ]);
    if (d.name === 'sqlite') {
      // julianday() is SQLite's; PostgreSQL computes the duration in the query (log-dialect.ts).
      await addColumns(db, 'runs', [['duration_seconds', d.realType, generated(d, sql`(julianday(finished_at) - julianday(created_at)) * 86400`)]]);
      // What the runs table's text filter searches, kept by triggers so no write path can forget it.
      await addColumns(db, 'runs', [['search', 'text', (c) => c.notNull().defaultTo('')]]);
      const search = sql`lower(concat_ws(' ', NEW.dataset_name, NEW.task, NEW.cell, NEW.backend, NEW.note, NEW.tags))`;
      await sql`CREATE TRIGGER runs_search_insert AFTER INSERT ON runs BEGIN
        UPDATE runs SET search = ${search} WHERE id = NEW.id; END`.execute(db);
      await sql`CREATE TRIGGER runs_search_update AFTER UPDATE OF backend, note, tags, config, dataset ON runs BEGIN
        UPDATE runs SET search = ${search} WHERE id = NEW.id; END`.execute(db);
      await sql`UPDATE runs SET search = lower(concat_ws(' ', dataset_name, task, cell, backend, note, tags))`.execute(db);
    } else {
      // The same text as a stored generated column (concat_ws is not immutable in PostgreSQL; || is).
      const part = (e: RawBuilder<unknown>) => sql`coalesce(${e}, '')`;
      await addColumns(db, 'runs', [['search', 'text', generated(d, sql`lower(${sql.join(
        [part(d.jsonText('dataset', 'fileName')), part(d.jsonText('config', 'task')), part(d.jsonText('config', 'cell')),
          part(sql.ref('backend')), part(sql.ref('note')), part(sql.ref('tags'))],
        sql` || ' ' || `,
      )})`)]]);
    }
    // A thinned copy of each prediction series (every k-th step), for charts that overlay several runs.
    await addColumns(db, 'predictions', [['preview', d.bytesType]]);
    await db.schema
      .createTable('run_tags')
      .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('tag', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('run_tags_pk', ['run_id', 'tag'])
      .execute();
    await db.schema.createIndex('run_tags_tag').on('run_tags').columns(['tag', 'run_id']).execute();
    await db.schema.createIndex('runs_status').on('runs').columns(['status', 'created_at']).execute();
    await db.schema.createIndex('runs_archived_created').on('runs').columns(['archived', 'created_at', 'id']).execute();
    await db.schema.createIndex('runs_dataset_name').on('runs').column('dataset_name').execute();
    await db.schema.createIndex('runs_cell').on('runs').column('cell').execute();
    await sql`UPDATE runs SET
      best_val_loss = (SELECT MIN(val_loss) FROM epochs WHERE run_id = runs.id),
      last_val_loss = (SELECT val_loss FROM epochs WHERE run_id = runs.id ORDER BY epoch DESC LIMIT 1)`.execute(db);
  },

  // 3: sweeps, reruns and saved models. A sweep keeps its spec and the combinations still to run; its runs point back
  // at it. A run records where its data came from and what it ran on, so "Run again" can find the file.
  async (db, d) => {
    await db.schema
      .createTable('sweeps')
      .addColumn('id', d.idType, (c) => d.autoId(c))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addColumn('pending', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await addColumns(db, 'runs', [
      ['sweep_id', 'integer', (c) => c.references('sweeps.id').onDelete('set null')],
      ['provenance', 'text'],
      ['rerun_of', 'integer'],
      ['reproduction', 'text'],
      ['has_model', 'integer', (c) => c.notNull().defaultTo(0)],
    ]);
    await db.schema.createIndex('runs_sweep').on('runs').column('sweep_id').where(sql.ref('sweep_id'), 'is not', null).execute();
  },

  // 4: the owner's start time beside its process id (owner-process.ts): a zombie or a reused id is not the owner.
  async (db) => {
    // Clock ticks since boot outgrow PostgreSQL's 32-bit integer after 248 days of uptime.
    await addColumns(db, 'runs', [['owner_start', 'bigint']]);
  },

  // 5: each log keeps its run files in its own folder (run-files.ts); runs logged before keep theirs in the folder's
  // shared runs/.
  async (db) => {
    await addColumns(db, 'runs', [['files_in_shared_folder', 'integer', (c) => c.notNull().defaultTo(0)]]);
    await sql`UPDATE runs SET files_in_shared_folder = 1`.execute(db);
  },

  // 6: backtests (issue 15): each fold is a run of its own, pointing at the backtest's parent run.
  async (db) => {
    await addColumns(db, 'runs', [['parent_run_id', 'integer', (c) => c.references('runs.id').onDelete('set null')]]);
    await db.schema.createIndex('runs_parent').on('runs').column('parent_run_id').where(sql.ref('parent_run_id'), 'is not', null).execute();
  },

  // 7: a log shared by workers on many machines. A run's owner is judged on its own host only; each attempt at a run
  // is an execution (a worker killed mid-trial leaves an abandoned one), and epochs are keyed by (run, execution,
  // epoch) so a repeated trial replaces nothing of the last and duplicates nothing of its own; datasets are kept once
  // by content (SHA-256) for workers to fetch.
  async (db, d) => {
    await addColumns(db, 'runs', [
      ['owner_host', 'text'],
      ['execution', 'integer', (c) => c.notNull().defaultTo(1)],
    ]);
    await db.schema
      .createTable('epochs_v7')
      .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('execution', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('epoch', 'integer', (c) => c.notNull())
      .addColumn('loss', d.realType, (c) => c.notNull())
      .addColumn('val_loss', d.realType)
      .addColumn('seconds', d.realType, (c) => c.notNull())
      .addPrimaryKeyConstraint('epochs_v7_pk', ['run_id', 'execution', 'epoch'])
      .execute();
    await sql`INSERT INTO epochs_v7 (run_id, execution, epoch, loss, val_loss, seconds)
      SELECT run_id, 1, epoch, loss, val_loss, seconds FROM epochs`.execute(db);
    await db.schema.dropTable('epochs').execute();
    await db.schema.alterTable('epochs_v7').renameTo('epochs').execute();
    await db.schema
      .createTable('executions')
      .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('execution', 'integer', (c) => c.notNull())
      .addColumn('worker', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('executions_pk', ['run_id', 'execution'])
      .execute();
    await db.schema
      .createTable('datasets')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('import_options', 'text', (c) => c.notNull())
      .addColumn('content', d.bytesType, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

const newerLog = (where: string, version: number) =>
  new UserError(`The run log at ${where} was written by a newer Seqlab (schema ${version}); update Seqlab or use another --db.`);

/** Brings a SQLite log up to SCHEMA_VERSION, one transaction per version. BEGIN IMMEDIATE takes the write lock
 * before reading the version, so two processes opening an old log at once migrate it once (the second waits on
 * busy_timeout, then finds it done). Kysely's SQLite driver has one connection: nothing else runs in between. */
export async function migrateSqlite(db: Db, d: LogDialect, where: string): Promise<void> {
  const version = async () => (await sql<{ user_version: number }>`PRAGMA user_version`.execute(db)).rows[0].user_version;
  const current = await version();
  if (current > MIGRATIONS.length) throw newerLog(where, current);
  for (let v = current; v < MIGRATIONS.length; v++) {
    await sql`BEGIN IMMEDIATE`.execute(db);
    try {
      if ((await version()) === v) {
        await MIGRATIONS[v](db, d);
        await sql.raw(`PRAGMA user_version = ${v + 1}`).execute(db);
      }
      await sql`COMMIT`.execute(db);
    } catch (error) {
      await sql`ROLLBACK`.execute(db);
      throw error;
    }
  }
}

/** An arbitrary constant naming Seqlab's migration lock among a database's advisory locks. */
const MIGRATION_LOCK = 7_413_920_114;

/** Brings a PostgreSQL log up to SCHEMA_VERSION in one transaction (DDL is transactional there). */
export async function migratePostgres(db: Db, d: LogDialect, where: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await trx.schema.createTable('seqlab_schema').ifNotExists().addColumn('version', 'integer', (c) => c.notNull()).execute();
    const row = await trx.selectFrom('seqlab_schema').select('version').executeTakeFirst();
    const current = (row?.version as number | undefined) ?? 0;
    if (current > MIGRATIONS.length) throw newerLog(where, current);
    for (let v = current; v < MIGRATIONS.length; v++) await MIGRATIONS[v](trx, d);
    if (row === undefined) await trx.insertInto('seqlab_schema').values({ version: MIGRATIONS.length }).execute();
    else if (current < MIGRATIONS.length) await trx.updateTable('seqlab_schema').set({ version: MIGRATIONS.length }).execute();
  });
}
