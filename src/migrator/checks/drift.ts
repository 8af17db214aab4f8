import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { DatabaseSchema, SchemaComparator, type AbstractSqlDriver, type SqlSchemaGenerator } from '@mikro-orm/sql';
import { ScratchDatabaseError } from '../errors.js';
import { META_TABLE } from '../state/migration-meta.js';
import { byState } from '../state/migration-state.js';
import { migratorOf } from '../engine/migrator-of.js';

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

/**
 * Compares the live schema with the entities (MikroORM's own diff) and with a scratch
 * database built by replaying the applied migrations' statements.
 */
export async function detectDrift(orm: Orm): Promise<DriftReport> {
  const schema = orm.schema as unknown as SqlSchemaGenerator;
  const entities = statementsOf(await schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true }));
  const replay = await replayAppliedMigrations(orm).catch((error: Error) => ({ error }));
  if ('error' in replay) {
    return { entities, migrations: null, skipped: replay.error };
  }
  try {
    const skip = [orm.config.get('migrations').tableName ?? 'mikro_orm_migrations', META_TABLE];
    const read = (source: Orm) =>
      DatabaseSchema.create(
        (source.em.getDriver() as unknown as AbstractSqlDriver).getConnection(),
        source.em.getPlatform() as never,
        source.config,
        undefined,
        undefined,
        undefined,
        skip,
      );
    const [live, expected] = [await read(orm), await read(replay.orm)];
    const diff = new SchemaComparator(orm.em.getPlatform() as never).compare(live, expected);
    const sql = schema.diffToSQL(diff, { wrap: false, safe: false, dropTables: true });
    return { entities, migrations: statementsOf(sql) };
  } finally {
    await replay.drop();
  }
}

async function replayAppliedMigrations(orm: Orm) {
  const migrator = migratorOf(orm);
  const state = await migrator.inspect();
  const config = orm.config;
  const database = config.get('dbName') ?? '';
  const name = `${database.slice(0, 40)}_drift_${randomBytes(4).toString('hex')}`;
  const driver = orm.em.getDriver() as unknown as AbstractSqlDriver;
  try {
    await driver.execute(`create database \`${name}\` character set utf8mb4`);
  } catch (error) {
    throw new ScratchDatabaseError(name, database, (error as Error).message);
  }
  // Only a connection is needed there: the schema is read from information_schema.
  const scratch = await MikroORM.init({
    driver: config.get('driver'),
    host: config.get('host'),
    port: config.get('port'),
    user: config.get('user'),
    password: config.get('password'),
    dbName: name,
    charset: config.get('charset'),
    entities: [],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: 1 },
  });
  const drop = async () => {
    await scratch.close(true);
    await driver.execute(`drop database if exists \`${name}\``);
  };
  try {
    const scratchDriver = scratch.em.getDriver() as unknown as AbstractSqlDriver;
    for (const entry of byState(state, 'applied')) {
      for (const sql of (await migrator.sqlOf({ name: entry.name, path: entry.path! })).up) {
        await scratchDriver.execute(sql);
      }
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { orm: scratch, drop };
}
