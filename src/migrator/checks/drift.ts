import { MikroORM } from '@mikro-orm/core';
import { SqlSchemaGenerator, type AbstractSqlDriver } from '@mikro-orm/sql';
import { migratorOf } from '../engine/migrator-of.js';
import { isSqlDriver, readSchema } from '../engine/schema-replay.js';
import { schemaChanges, sqlStatements } from '../engine/snapshot.js';
import { ReplayFailedError, ScratchDatabaseError } from '../errors/index.js';

type Orm = Awaited<ReturnType<typeof MikroORM.init>>;

export interface DriftReport {
  /** SQL that would bring the live schema to what the entities describe. */
  entities: string[];
  /** SQL that would bring the live schema to what the applied migrations produce; null when not checked. */
  migrations: string[] | null;
  /** Why the migration replay was skipped, if it was. */
  skipped?: Error;
}

/** The SQL side of an ORM set up for MySQL or MariaDB; says so when it is not one. */
function sqlPartsOf(orm: Orm): { driver: AbstractSqlDriver; generator: SqlSchemaGenerator } {
  const driver = orm.em.getDriver();
  const generator = orm.schema;
  if (!isSqlDriver(driver) || !(generator instanceof SqlSchemaGenerator)) {
    throw new Error('drift needs an ORM on a SQL driver (MySQL or MariaDB)');
  }
  return { driver, generator };
}

/**
 * Compares the live schema with the entities (MikroORM's own diff) and with what the applied
 * migrations build, replayed in a scratch database (engine/schema-replay.ts).
 */
export async function detectDrift(orm: Orm): Promise<DriftReport> {
  const { driver, generator } = sqlPartsOf(orm);
  const differ = { generator, platform: driver.getPlatform() };
  const entities = sqlStatements(await generator.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true }));
  const live = await readSchema(driver, orm.config);
  try {
    const replayed = await migratorOf(orm).replayed('applied');
    return { entities, migrations: schemaChanges(differ, live, replayed) };
  } catch (error) {
    if (error instanceof ReplayFailedError || error instanceof ScratchDatabaseError) {
      return { entities, migrations: null, skipped: error instanceof ReplayFailedError ? error.reason : error };
    }
    throw error;
  }
}
