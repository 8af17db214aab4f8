import type { Query } from '../gates/gate.js';
import type { MigratorSettings } from '../settings.js';
import type { PlanServer } from '../sql/ddl-algorithms.js';
import type { MigrationMetaStore } from '../state/migration-meta.js';
import type { ServerTarget } from '../types.js';
import type { MigrationSources } from './migration-sources.js';

/**
 * What the engine's parts (planning, the run session, the recorder, the records, creation,
 * recovery) share of the migrator, built once by SafeMigrator: one object, so no part gets a
 * bag of its own or a closure over the migrator.
 */
export interface EngineContext {
  settings: MigratorSettings;
  /** Where the engine's own connections go. */
  target: ServerTarget;
  sources: MigrationSources;
  /** The companion table: each migration's status, checksum and failed statement. */
  meta: MigrationMetaStore;
  /** A statement on the ORM's connection. */
  query: Query;
  /** Which server plans are made on (grammar, version, cluster); asked once. */
  server(): Promise<PlanServer>;
  /** Whether foreign keys are checked while migrations run (MikroORM's disableForeignKeys, inverted). */
  foreignKeyChecks: boolean;
}
