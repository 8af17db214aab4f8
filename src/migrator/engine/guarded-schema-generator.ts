import type { ClearDatabaseOptions, DropSchemaOptions, MikroORM } from '@mikro-orm/core';
import { SqlSchemaGenerator, type EntityManager } from '@mikro-orm/sql';
import { requireForce } from '../gates/force.js';
import { worded, type MigratorSettings } from '../settings.js';

/**
 * MikroORM's schema generator, refusing in production what wipes data (schema:drop,
 * schema:fresh, migration:fresh, schema:clear) unless forced, and then saying what is lost.
 */
export class GuardedSchemaGenerator extends SqlSchemaGenerator {
  constructor(
    em: EntityManager,
    private readonly settings: Pick<MigratorSettings, 'production' | 'force' | 'onEvent' | 'explain' | 'exitOnError'>,
  ) {
    super(em);
  }

  static registerWith(orm: MikroORM, settings: GuardedSchemaGenerator['settings']): void {
    orm.config.registerExtension(
      '@mikro-orm/schema-generator',
      () => new GuardedSchemaGenerator(orm.em as EntityManager, settings),
    );
  }

  override async drop(options?: DropSchemaOptions): Promise<void> {
    await worded(this.settings, () =>
      this.guard(options?.dropDb ? 'drop the whole database' : 'drop every table of the schema'),
    );
    return super.drop(options);
  }

  override async clear(options?: ClearDatabaseOptions): Promise<void> {
    await worded(this.settings, () => this.guard('delete every row of every table'));
    return super.clear(options);
  }

  private guard(action: string): Promise<void> {
    return requireForce(this.settings, action, 'environment', () => this.tablesWithRows());
  }

  private async tablesWithRows(): Promise<string> {
    const tables = await this.driver.execute<{ name: string }[]>(
      "select table_name as name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE' order by table_name",
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const rows = await this.driver.execute<{ n: number }[]>(`select count(*) as n from \`${name}\``);
      parts.push(`${name} (${Number(rows[0].n)} rows)`);
    }
    return parts.length > 0 ? parts.join(', ') : 'nothing (no tables)';
  }
}
