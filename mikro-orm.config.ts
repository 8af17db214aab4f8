/**
 * The one MikroORM configuration of the project: the Nest app, the MikroORM CLI, the `db`
 * command and the tests all build their options here. It is compiled to dist/ beside the
 * compiled src/ and migrations/, so every path below is relative to this file and works
 * from the TypeScript sources and from dist/ alike.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@mikro-orm/core';
import { MySqlDriver } from '@mikro-orm/mysql';
import { MariaDbDriver } from '@mikro-orm/mariadb';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { loadConfig, type AppConfig } from './src/config/app-config.js';
import { probeServer, type ServerFlavor } from './src/db/server-probe.js';

const runningFromTypeScript = import.meta.url.endsWith('.ts');
const baseDir = fileURLToPath(new URL('.', import.meta.url));

export type OrmOptions = ReturnType<typeof defineConfig>;

export interface OrmConfigOptions {
  /** Skip asking the server (offline commands): the driver then follows the URL scheme. */
  flavor?: ServerFlavor;
}

export async function createOrmConfig(
  config: AppConfig = loadConfig(),
  options: OrmConfigOptions = {},
): Promise<OrmOptions> {
  const { database } = config;
  const flavor = options.flavor ?? (await probeServer(database, { retries: config.connectRetries })).flavor;
  return defineConfig({
    driver: flavor === 'mariadb' ? MariaDbDriver : MySqlDriver,
    host: database.host,
    port: database.port,
    user: database.user,
    password: database.password,
    dbName: database.database,
    charset: 'utf8mb4',
    forceUtcTimezone: true,
    baseDir,
    preferTs: runningFromTypeScript,
    // Folder discovery: a new src/<feature>/<name>.entity.ts is picked up with no list to edit.
    entities: ['src/**/*.entity.js'],
    entitiesTs: ['src/**/*.entity.ts'],
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: {
      path: 'migrations',
      pathTs: 'migrations',
      glob: '!(*.d).{js,ts}',
      // One snapshot for every DATABASE_URL; by default its name follows the database name.
      snapshotName: '.snapshot',
      emit: 'ts',
      // MySQL commits DDL implicitly, so a wrapping transaction would only pretend to be atomic.
      transactional: false,
      allOrNothing: false,
      silent: config.logLevel === 'silent',
    },
    debug: config.logLevel === 'debug' || config.logLevel === 'trace',
  });
}

export default () => createOrmConfig();
