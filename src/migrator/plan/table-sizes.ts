import type { DdlSession } from '../server/ddl-session.js';
import type { ServerFlavor } from '../types.js';

export interface TableSize {
  /** InnoDB's estimate. */
  rows: number;
  bytes: number;
  rowFormat?: string;
  /** MySQL: row versions left by instant ADD/DROP COLUMN (information_schema.innodb_tables). */
  rowVersions?: number;
}

interface SizeRow {
  name: string;
  rows: number | string | null;
  bytes: number | string | null;
  row_format: string | null;
  versions: number | string | null;
}

/**
 * The base tables of a database with their size, row format and (MySQL) row versions. MySQL 8+
 * answers information_schema.tables from statistics cached for a day
 * (information_schema_stats_expiry = 86400): a table filled since reads as empty, and the
 * size-aware guard would let its rebuild through. The session asks for live figures.
 */
export async function tableSizes(
  session: DdlSession,
  database: string,
  flavor: ServerFlavor,
): Promise<Map<string, TableSize>> {
  if (flavor === 'mysql') {
    await session.query('set session information_schema_stats_expiry = 0');
  }
  // innodb_tables names a table `<database>/<table>`; MariaDB has no row-version count.
  const versions =
    flavor === 'mysql'
      ? `(select i.total_row_versions from information_schema.innodb_tables i
           where i.name = concat(t.table_schema, '/', t.table_name))`
      : 'null';
  const rows = await session.query<SizeRow>(
    `select t.table_name as name, t.table_rows as \`rows\`, t.data_length + t.index_length as bytes,
            t.row_format as row_format, ${versions} as versions
       from information_schema.tables t where t.table_schema = ? and t.table_type = 'BASE TABLE'`,
    [database],
  );
  return new Map(
    rows.map((row) => [
      row.name,
      {
        rows: Number(row.rows ?? 0),
        bytes: Number(row.bytes ?? 0),
        rowFormat: row.row_format ?? undefined,
        rowVersions: row.versions === null ? undefined : Number(row.versions),
      },
    ]),
  );
}
