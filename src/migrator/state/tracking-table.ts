import type { Configuration } from '@mikro-orm/core';
import { DatabaseTable, type AbstractSqlDriver, type AbstractSqlPlatform } from '@mikro-orm/sql';
import { tableExists } from './table-exists.js';
import { quoteIdentifier } from '../sql/sql-clauses.js';

/**
 * The DDL of MikroORM's tracking table, built the way MikroORM's MigrationStorage builds it,
 * so a database set up from offline SQL is indistinguishable from one set up by `up`.
 */
export function trackingTableSql(platform: AbstractSqlPlatform, tableName: string): string[] {
  const table = new DatabaseTable(platform, tableName);
  table.addColumn({
    name: 'id',
    type: platform.getIntegerTypeDeclarationSQL({ autoincrement: true, unsigned: true }),
    mappedType: platform.getMappedType('number'),
    primary: true,
    autoincrement: true,
  });
  table.addColumn({
    name: 'name',
    type: platform.getVarcharTypeDeclarationSQL({}),
    mappedType: platform.getMappedType('string'),
  });
  const length = platform.getDefaultDateTimeLength();
  table.addColumn({
    name: 'executed_at',
    type: platform.getDateTimeTypeDeclarationSQL({ length }),
    mappedType: platform.getMappedType('datetime'),
    default: platform.getCurrentTimestampSQL(length),
    length,
  });
  return platform
    .getSchemaHelper()!
    .createTable(table)
    .map((sql) => sql.replace(/^create table /i, 'create table if not exists '));
}

/** A row of MikroORM's tracking table: a migration it applied, and when. */
export interface TrackingRow {
  name: string;
  /** As the server wrote it (server time zone). */
  executedAt: string;
}

/** The tracking table's rows in the order they were written; none before the table exists. */
export async function readTrackingRows(driver: AbstractSqlDriver, table: string): Promise<TrackingRow[]> {
  if (!(await tableExists(driver, table))) {
    return [];
  }
  const rows = await driver.execute<{ name: string; executed_at: string | Date }[]>(
    `select \`name\`, \`executed_at\` from ${quoteIdentifier(table)} order by \`id\``,
  );
  return rows.map((row) => ({ name: row.name.replace(/\.[jt]s$/, ''), executedAt: String(row.executed_at) }));
}

/** MikroORM's tracking table, as configured: the one place its default name is spelled. */
export function trackingTableOf(config: Configuration): string {
  return config.get('migrations').tableName ?? 'mikro_orm_migrations';
}
