import { DatabaseTable, type AbstractSqlPlatform } from '@mikro-orm/sql';

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
