/**
 * The one MikroORM configuration of the project: the Nest app, the MikroORM CLI (through the
 * root mikro-orm.config.ts), the `db` command and the tests all build their options here. Paths
 * are relative to the project root, two folders up from this file, in the TypeScript sources
 * and in dist/ alike.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@mikro-orm/core';
import { MariaDbDriver } from '@mikro-orm/mariadb';
import type { MySqlDriver } from '@mikro-orm/mysql';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { loadConfig, type AppConfig, type MigrationConfig } from '../config/app-config.js';
import { ProjectMySqlDriver } from './mysql-driver.js';
import { probeServer, type ServerFlavor } from './server-probe.js';
import { applySessionLimits } from './session-limits.js';
import type { ReplicaSet } from './replicas/replica-set.js';
import { withReadRouting } from './replicas/routing-driver.js';
import type { DatabaseTarget } from '../config/database-url.js';
import type { ClusterTopology } from './cluster/cluster-topology.js';
import { withClusterWrites } from './cluster/cluster-driver.js';
import { writeTargetOf } from './cluster/write-target.js';
import { requireForce, safeMigrations, type MigratorSettings } from '../migrator/index.js';
import { explain, formatMigration, runLog } from '../migration-words/index.js';

const runningFromTypeScript = import.meta.url.endsWith('.ts');
const baseDir = fileURLToPath(new URL('../..', import.meta.url));

export type OrmOptions = ReturnType<typeof defineConfig>;

export interface OrmConfigOptions {
  /** Skip asking the server (offline commands, or already asked at start-up). */
  flavor?: ServerFlavor;
  /** Command-line flags of the `db` command, over the environment's settings. */
  migrations?: Partial<MigrationConfig>;
  /** Where the migrator's run log goes; stdout by default. */
  write?: (line: string) => void;
  /**
   * Whether to discover the entities (default true). Applying, undoing and inspecting migrations
   * reads only migration files and tracking tables; skipping discovery (loading and validating
   * every entity module) shortens the migrate job's start (bench/README.md).
   */
  entities?: boolean;
  /**
   * The API's bounds on its connections: each statement and lock wait ends within the request
   * deadline (db/session-limits.ts), and at most `queueLimit` requests wait for a connection.
   * Left out for the migration commands, whose statements have their own limits.
   */
  appLimits?: { deadlineMs: number; poolMax: number; queueLimit: number };
  /**
   * The API's read replicas (DATABASE_REPLICA_URLS): reads are routed by health, lag, schema and
   * consistency token (src/db/replicas/). The migration commands never read from a replica.
   */
  replicas?: ReplicaSet;
  /** Where the replicas' connections go, in the order of `replicas.names` (default: DATABASE_REPLICA_URLS). */
  readTargets?: DatabaseTarget[];
  /**
   * The API on a cluster (src/db/cluster/): its write connection follows the member that takes
   * writes. The db commands get the writer's address instead (writeTargetOf) and one server.
   */
  cluster?: ClusterTopology;
  /** End the process with one line on an engine error (the MikroORM CLI; see the default export). */
  exitOnError?: (error: Error) => never;
  /** End the process once a run held contract migrations back (the MikroORM CLI; see the default export). */
  exitWhenHeldBack?: () => never;
}

function migratorSettings(config: AppConfig, options: OrmConfigOptions): MigratorSettings {
  const stdout = (line: string) => process.stdout.write(`${line}\n`);
  const { logFormat, command, ...flags } = { ...config.migrations, ...options.migrations };
  const write = options.write ?? (config.logLevel === 'silent' ? () => undefined : stdout);
  return {
    ...flags,
    production: config.nodeEnv === 'production',
    onEvent: runLog(logFormat, write, command),
    explain: (error) => explain(error, command),
    afterCreate: formatMigration,
    exitOnError: options.exitOnError,
    exitWhenHeldBack: options.exitWhenHeldBack,
  };
}

function driverFor(flavor: ServerFlavor, options: OrmConfigOptions): typeof MySqlDriver {
  const base = flavor === 'mariadb' ? MariaDbDriver : ProjectMySqlDriver;
  const writes = options.cluster ? withClusterWrites(base, options.cluster) : base;
  return options.replicas ? withReadRouting(writes, options.replicas) : writes;
}

/**
 * The server and database the ORM connects to, and its flavor. Asked here only when the caller
 * has not (the MikroORM CLI): on a cluster, the member that takes writes, as `npm run db` does.
 */
async function connectionOf(config: AppConfig, options: OrmConfigOptions) {
  if (options.flavor) {
    return { flavor: options.flavor, database: config.database };
  }
  const { flavor } = await probeServer(config.database, { retries: config.connectRetries });
  return { flavor, database: (await writeTargetOf(config.database, flavor)).target };
}

export async function createOrmConfig(
  config: AppConfig = loadConfig(),
  options: OrmConfigOptions = {},
): Promise<OrmOptions> {
  const { flavor, database } = await connectionOf(config, options);
  const migrator = safeMigrations(migratorSettings(config, options));
  const withEntities = options.entities ?? true;
  return defineConfig({
    driver: driverFor(flavor, options),
    ...(options.replicas && {
      replicas: replicaOptions(options.readTargets ?? config.replicas.targets, options.appLimits?.queueLimit),
    }),
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
    entities: withEntities ? ['src/**/*.entity.js'] : [],
    // Compiled, there is no .ts to find: the MikroORM CLI forces preferTs whenever a TypeScript
    // loader is installed, so the compiled config must not send it looking for sources.
    entitiesTs: withEntities ? [runningFromTypeScript ? 'src/**/*.entity.ts' : 'src/**/*.entity.js'] : [],
    discovery: { warnWhenNoEntities: withEntities },
    metadataProvider: ReflectMetadataProvider,
    // A flush that writes one row is one statement, atomic on its own; wrapping it in BEGIN/COMMIT
    // tripled the round trips of POST and PATCH (bench/README.md). Work that writes several rows
    // says so with em.transactional() (cooking-ingredient.service.ts).
    implicitTransactions: false,
    // Connecting never creates the database: a typo in its name must not leave a stray empty
    // database behind every read-only command and API start. The migrator creates it when it
    // sets a database up (`up`, `stamp`).
    ensureDatabase: false,
    // The project's migrator and schema generator replace MikroORM's, so every path (the
    // MikroORM CLI, `npm run db`, the migrate job) gets the lock, checksums and guards.
    extensions: [...migrator.extensions],
    migrations: {
      ...migrator.migrations,
      path: 'migrations',
      pathTs: 'migrations',
      glob: '!(*.d).{js,ts}',
      // One snapshot for every DATABASE_URL; by default its name follows the database name.
      snapshotName: '.snapshot',
      emit: 'ts',
    },
    // The migrator's companion table is not an entity; schema diffs must leave it alone.
    schemaGenerator: { skipTables: [...migrator.skipTables] },
    debug: config.logLevel === 'debug' || config.logLevel === 'trace',
    // Colour codes only for a terminal: not into pipes, files or JSON log lines.
    colors: process.stdout.isTTY === true,
    ...(options.appLimits && {
      onCreateConnection: applySessionLimits(flavor, options.appLimits.deadlineMs),
      pool: { max: options.appLimits.poolMax },
      // mysql2's pool answers "Queue limit reached." past this many waiting requests: a fast 503.
      driverOptions: { queueLimit: options.appLimits.queueLimit },
    }),
  });
}

/** One pool per replica, with a short connect timeout: a replica that went away costs little. */
function replicaOptions(targets: DatabaseTarget[], queueLimit?: number) {
  return targets.map((target) => ({
    name: `${target.host}:${target.port}`,
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    driverOptions: { connectTimeout: 2_000, ...(queueLimit && { queueLimit }) },
  }));
}

/**
 * `database:import` runs a SQL file past every guard and records it in no migration: production
 * runs it only with DB_FORCE=true (the other commands that change a schema go through the
 * engine's schema generator and migrator, which guard themselves).
 */
export async function refuseImportInProduction(config: AppConfig, command: string | undefined): Promise<void> {
  if (command === 'database:import') {
    await requireForce(
      {
        production: config.nodeEnv === 'production',
        force: config.migrations.force,
        onEvent: runLog('text', (line) => process.stderr.write(`${line}\n`)),
      },
      'run a SQL file against the database outside the migrations (database:import); the way is a migration',
      'environment',
      () => Promise.resolve('whatever the file drops, deletes or overwrites, recorded in no migration'),
    );
  }
}
