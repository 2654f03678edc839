// Runs in: main process and workers (plain Node). The few places SQLite and PostgreSQL spell things differently, in
// one module, so the migrations and queries are written once: reading a field of a JSON text column, a generated
// column, an auto-increment id, a byte column, case-insensitive ordering and a run's duration.
import { sql, type AlterTableBuilder, type ColumnDefinitionBuilder, type RawBuilder } from 'kysely';

/** A column's type as Kysely's schema builder takes it (Kysely does not export the name). */
export type DataTypeExpression = Parameters<AlterTableBuilder['addColumn']>[1];

export type DialectName = 'sqlite' | 'postgres';

export interface LogDialect {
  readonly name: DialectName;
  /** A text field of a JSON text column at a dotted path ('test.mae'), as SQL text. */
  jsonText(column: string, path: string): RawBuilder<string | null>;
  /** A number field of a JSON text column, as a SQL real. */
  jsonReal(column: string, path: string): RawBuilder<number | null>;
  /** An integer field of a JSON text column. */
  jsonInteger(column: string, path: string): RawBuilder<number | null>;
  /** A column computed from others: virtual in SQLite (the only kind ALTER TABLE adds), stored in PostgreSQL. */
  generated(column: ColumnDefinitionBuilder, expression: RawBuilder<unknown>): ColumnDefinitionBuilder;
  /** The type of an auto-increment primary key, and its definition. */
  readonly idType: DataTypeExpression;
  autoId(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** A 64-bit float (PostgreSQL's `real` is 32-bit). */
  readonly realType: DataTypeExpression;
  /** Bytes: prediction blobs, dataset files. (Logs made before this store declared `series` TEXT: SQLite keeps a
   * blob as a blob whatever the column's type.) */
  readonly bytesType: DataTypeExpression;
  /** An ORDER BY term that ignores case. */
  noCase(column: string): RawBuilder<unknown>;
  /** Seconds from created_at to finished_at (both ISO text). */
  readonly durationSeconds: RawBuilder<number | null>;
}

const dotted = (path: string) => path.split('.');

export const sqliteDialect: LogDialect = {
  name: 'sqlite',
  jsonText: (column, path) => sql`json_extract(${sql.ref(column)}, ${sql.lit(`$.${path}`)})`,
  jsonReal: (column, path) => sql`json_extract(${sql.ref(column)}, ${sql.lit(`$.${path}`)})`,
  jsonInteger: (column, path) => sql`json_extract(${sql.ref(column)}, ${sql.lit(`$.${path}`)})`,
  generated: (column, expression) => column.generatedAlwaysAs(expression),
  idType: 'integer',
  autoId: (column) => column.primaryKey().autoIncrement(),
  realType: 'real',
  bytesType: 'blob',
  noCase: (column) => sql`${sql.ref(column)} COLLATE NOCASE`,
  // A generated column since schema 2.
  durationSeconds: sql<number | null>`duration_seconds`,
};

// In PostgreSQL a generated column may only use immutable functions: the text -> jsonb cast, #>>, the numeric casts,
// lower() and || are; a text -> timestamptz cast is not (it depends on the session's time zone), so the duration is
// an expression of the query instead of a column.
const pgPath = (path: string) => sql.lit(`{${dotted(path).join(',')}}`);

export const postgresDialect: LogDialect = {
  name: 'postgres',
  jsonText: (column, path) => sql`(${sql.ref(column)}::jsonb #>> ${pgPath(path)})`,
  jsonReal: (column, path) => sql`((${sql.ref(column)}::jsonb #>> ${pgPath(path)})::double precision)`,
  jsonInteger: (column, path) => sql`((${sql.ref(column)}::jsonb #>> ${pgPath(path)})::integer)`,
  generated: (column, expression) => column.generatedAlwaysAs(expression).stored(),
  idType: 'serial',
  autoId: (column) => column.primaryKey(),
  realType: 'double precision',
  bytesType: 'bytea',
  noCase: (column) => sql`lower(${sql.ref(column)})`,
  durationSeconds: sql<number | null>`EXTRACT(EPOCH FROM (finished_at::timestamptz - created_at::timestamptz))::double precision`,
};
