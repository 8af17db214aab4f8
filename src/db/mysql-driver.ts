import type { Dictionary, Transaction } from '@mikro-orm/core';
import { MySqlDriver, MySqlPlatform } from '@mikro-orm/mysql';
import { MySqlSchemaHelper, type AbstractSqlConnection, type Column, type Table } from '@mikro-orm/sql';

/**
 * How MySQL 8+ reads an ON UPDATE clause back: `DEFAULT_GENERATED on update CURRENT_TIMESTAMP`
 * in information_schema's EXTRA, whatever spelling created it. MikroORM strips the
 * DEFAULT_GENERATED flag but compares the rest to the entity's `extra` as text, so
 * `on update current_timestamp()` (the spelling MariaDB reads back, and the entities use)
 * differed from the live column after every `up`: `schema:update` and drift proposed a `modify`
 * that changes nothing. Both spellings mean the same: the live one is read as the entities write it.
 */
export function normaliseOnUpdate(extra: string | undefined): string | undefined {
  return extra?.replace(
    /\bon update current_timestamp(\(\d*\))?/i,
    (_, precision: string | undefined) =>
      `on update current_timestamp${precision && precision !== '()' ? precision : '()'}`,
  );
}

class LiveMySqlSchemaHelper extends MySqlSchemaHelper {
  override async getAllColumns(
    connection: AbstractSqlConnection,
    tables: Table[],
    ctx?: Transaction,
  ): Promise<Dictionary<Column[]>> {
    const columns = await super.getAllColumns(connection, tables, ctx);
    for (const column of Object.values(columns).flat()) {
      column.extra = normaliseOnUpdate(column.extra);
    }
    return columns;
  }
}

class LiveMySqlPlatform extends MySqlPlatform {
  protected override readonly schemaHelper: MySqlSchemaHelper = new LiveMySqlSchemaHelper(this);
}

/** MikroORM's MySQL driver, reading the live schema so that it compares clean with the entities (above). */
export class ProjectMySqlDriver extends MySqlDriver {
  protected override readonly platform: MySqlPlatform = new LiveMySqlPlatform();
}
