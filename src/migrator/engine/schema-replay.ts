import { MikroORM, type Configuration } from '@mikro-orm/core';
import { AbstractSqlDriver, DatabaseSchema, type AbstractSqlPlatform } from '@mikro-orm/sql';
import { ReplayFailedError } from '../errors/index.js';
import { LOCK_TABLE } from '../server/lease-lock.js';
import type { DdlSession } from '../server/ddl-session.js';
import { withScratchSession } from '../server/scratch-database.js';
import { META_TABLE } from '../state/migration-meta.js';
import { trackingTableOf } from '../state/tracking-table.js';
import type { ServerTarget } from '../types.js';

/** Whether a driver is one of MikroORM's SQL drivers (MySQL, MariaDB). */
export const isSqlDriver = (driver: unknown): driver is AbstractSqlDriver => driver instanceof AbstractSqlDriver;

/** The tables a schema read leaves out: the tracking tables and the cluster lock are not the application's schema. */
export function skippedTables(config: Configuration): string[] {
  return [trackingTableOf(config), META_TABLE, LOCK_TABLE];
}

/** The schema of a database as MikroORM reads it, for its comparator (tracking tables left out). */
export function readSchema(driver: AbstractSqlDriver, config: Configuration): Promise<DatabaseSchema> {
  const platform: AbstractSqlPlatform = driver.getPlatform();
  return DatabaseSchema.create(
    driver.getConnection(),
    platform,
    config,
    undefined,
    undefined,
    undefined,
    skippedTables(config),
  );
}

/**
 * What a list of migrations builds: their `up()` statements replayed in order in a scratch
 * database (`<db>_drift_<random>`, dropped afterwards), read back as MikroORM reads a schema.
 * What the files say, not what some database happens to hold: the ground truth for drift, for
 * `check` and for the snapshot.
 */
export async function replaySchema(
  config: Configuration,
  target: ServerTarget,
  migrations: { name: string; up: string[] }[],
): Promise<DatabaseSchema> {
  return withScratchSession(target, 'drift', async (session, scratch) => {
    await replay(session, migrations);
    let replayed: MikroORM;
    try {
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
      throw new ReplayFailedError(error as Error);
    }
    try {
      const driver: unknown = replayed.em.getDriver();
      if (!isSqlDriver(driver)) {
        throw new Error('a schema replay needs a SQL driver (MySQL or MariaDB)');
      }
      return await readSchema(driver, config);
    } finally {
      await replayed.close(true);
    }
  });
}

async function replay(session: DdlSession, migrations: { name: string; up: string[] }[]): Promise<void> {
  for (const { name, up } of migrations) {
    for (const [index, sql] of up.entries()) {
      try {
        await session.query(sql);
      } catch (error) {
        const reason = `${name} statement ${index + 1} of ${up.length} failed in the replay: ${(error as Error).message}`;
        throw new ReplayFailedError(new Error(reason));
      }
    }
  }
}
