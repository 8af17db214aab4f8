import { MikroORM } from '@mikro-orm/core';
import {
  AbstractSqlDriver,
  DatabaseSchema,
  SchemaComparator,
  SqlSchemaGenerator,
  type AbstractSqlPlatform,
} from '@mikro-orm/sql';
import { migratorOf } from '../engine/migrator-of.js';
import { ScratchDatabaseError } from '../refusal-errors.js';
import { targetOf } from '../server/target.js';
import { withScratchSession } from '../server/scratch-database.js';
import { META_TABLE } from '../state/migration-meta.js';
import { LOCK_TABLE } from '../server/lease-lock.js';
import { byState } from '../state/migration-state.js';

type Orm = Awaited<ReturnType<typeof MikroORM.init>>;

export interface DriftReport {
  /** SQL that would bring the live schema to what the entities describe. */
  entities: string[];
  /** SQL that would bring the live schema to what the applied migrations produce; null when not checked. */
  migrations: string[] | null;
  /** Why the migration replay was skipped, if it was. */
  skipped?: Error;
}

const statementsOf = (sql: string) =>
  sql
    .split(/;\n/)
    .map((line) => line.trim())
    .filter((line) => line && !/^set (names|foreign_key_checks)/i.test(line))
    .map((line) => (line.endsWith(';') ? line : `${line};`));

const isSqlDriver = (driver: unknown): driver is AbstractSqlDriver => driver instanceof AbstractSqlDriver;

/** The SQL side of an ORM set up for MySQL or MariaDB; says so when it is not one. */
function sqlPartsOf(orm: Orm): {
  driver: AbstractSqlDriver;
  schema: SqlSchemaGenerator;
  platform: AbstractSqlPlatform;
} {
  const driver = orm.em.getDriver();
  const schema = orm.schema;
  if (!isSqlDriver(driver) || !(schema instanceof SqlSchemaGenerator)) {
    throw new Error('drift needs an ORM on a SQL driver (MySQL or MariaDB)');
  }
  const platform: AbstractSqlPlatform = driver.getPlatform();
  return { driver, schema, platform };
}

/** The replay could not be built (no right to create the scratch database, a statement failed). */
class ReplayUnavailable extends Error {
  constructor(readonly reason: Error) {
    super(reason.message);
  }
}

/**
 * Compares the live schema with the entities (MikroORM's own diff) and with a scratch
 * database built by replaying the applied migrations' statements.
 */
export async function detectDrift(orm: Orm): Promise<DriftReport> {
  const { schema, platform } = sqlPartsOf(orm);
  const entities = statementsOf(await schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true }));
  const skip = [orm.config.get('migrations').tableName ?? 'mikro_orm_migrations', META_TABLE, LOCK_TABLE];
  const read = (source: Orm) =>
    DatabaseSchema.create(
      sqlPartsOf(source).driver.getConnection(),
      platform,
      source.config,
      undefined,
      undefined,
      undefined,
      skip,
    );
  const live = await read(orm);
  try {
    const migrations = await withReplay(orm, async (replayed) => {
      const diff = new SchemaComparator(platform).compare(live, await read(replayed));
      return statementsOf(schema.diffToSQL(diff, { wrap: false, safe: false, dropTables: true }));
    });
    return { entities, migrations };
  } catch (error) {
    if (error instanceof ReplayUnavailable || error instanceof ScratchDatabaseError) {
      return { entities, migrations: null, skipped: error instanceof ReplayUnavailable ? error.reason : error };
    }
    throw error;
  }
}

/**
 * A scratch database holding what the applied migrations' statements build, replayed in order,
 * and an ORM connected to it (only for reading its schema); both gone afterwards.
 */
async function withReplay<T>(orm: Orm, work: (replayed: Orm) => Promise<T>): Promise<T> {
  const migrator = migratorOf(orm);
  const state = await migrator.inspect();
  const config = orm.config;
  const target = targetOf(config);
  return withScratchSession(target, 'drift', async (session, scratch) => {
    let replayed: Orm;
    try {
      for (const entry of byState(state, 'applied')) {
        for (const sql of (await migrator.sqlOf({ name: entry.name, path: entry.path! })).up) {
          await session.query(sql);
        }
      }
      replayed = await MikroORM.init({
        driver: config.get('driver'),
        host: target.host,
        port: target.port,
        user: target.user,
        password: target.password,
        dbName: scratch,
        charset: config.get('charset'),
        entities: [],
        discovery: { warnWhenNoEntities: false },
        pool: { min: 0, max: 1 },
      });
    } catch (error) {
      throw new ReplayUnavailable(error as Error);
    }
    try {
      return await work(replayed);
    } finally {
      await replayed.close(true);
    }
  });
}
