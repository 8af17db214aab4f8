/**
 * The migration engine's public surface: everything outside src/migrator/ imports from here
 * (enforced by eslint.config.mjs). README.md beside this file says what it guarantees.
 */
import type { MikroORM } from '@mikro-orm/core';
import { GuardedSchemaGenerator } from './engine/guarded-schema-generator.js';
import { META_TABLE } from './state/migration-meta.js';
import { LOCK_TABLE } from './server/lease-lock.js';
import { SafeMigrator } from './engine/safe-migrator.js';
import type { MigratorSettings } from './settings.js';

/**
 * What to add to a MikroORM config: the engine as its migrator and schema generator, the
 * companion table kept out of schema diffs, and the migration options it relies on.
 */
export function safeMigrations(settings: MigratorSettings) {
  return {
    extensions: [
      SafeMigrator.extension(settings),
      { register: (orm: MikroORM) => GuardedSchemaGenerator.registerWith(orm, settings) },
    ],
    // The lock row's table exists only on clusters (server/lease-lock.ts).
    skipTables: [META_TABLE, LOCK_TABLE],
    migrations: {
      // MySQL commits DDL implicitly, so a wrapping transaction would only pretend to be atomic.
      transactional: false,
      allOrNothing: false,
      // The engine's events replace MikroORM's 'Processing …' lines.
      silent: true,
      // Applying migrations must not rewrite a committed snapshot (nor try to, on a read-only image).
      snapshotOnMigrate: false,
    },
  } as const;
}

// The engine as a MikroORM extension, and how to reach it.
export type { SafeMigrator } from './engine/safe-migrator.js';
export { migratorOf } from './engine/migrator-of.js';
export type { MigratorSettings } from './settings.js';
export type { SnapshotStatus } from './engine/snapshot.js';
export type { MigrationSources } from './engine/migration-sources.js';
export { requireForce } from './gates/force.js';
export { MigrationLock } from './server/migration-lock.js';

// What it reports while it works, and what it refuses or fails with.
export type { MigratorEvent, MigratorListener } from './events.js';
export {
  BlockingMigrationError,
  ContractFirstError,
  DataCheckError,
  DdlLockTimeoutError,
  DestructiveMigrationError,
  ExpandPhaseError,
  ForceRequiredError,
  isMigrationError,
  MigrationBlockedError,
  MigrationError,
  MigrationFailedError,
  MigrationLockTimeoutError,
  NotFailedError,
  OnlineChangeFailedError,
  PinnedDdlRefusedError,
  PlanForeseesFailureError,
  ScratchDatabaseError,
  SnapshotMismatchError,
  UnknownMigrationError,
  type KnownMigrationError,
  type MigrationErrorKind,
} from './errors/index.js';

// The state of the migrations and what a run touches.
export { byState } from './state/migration-state.js';
export { findProblems, newerRelease } from './state/problems.js';
export { isBase, resolveName, selectRange, type RunRequest, type RunSelection } from './state/run-selection.js';
export { requireFileOrder } from './gates/contract-order.js';
export { trackingTableOf } from './state/tracking-table.js';
export { renderMigrationScript } from './state/offline-sql.js';

// Reading SQL and asking the server.
export { productionMarkers } from './sql/markers.js';
export { quoteIdentifier } from './sql/sql-clauses.js';
export { maxRowVersions } from './sql/ddl-algorithms.js';
export { flavorOf } from './server/server-info.js';
export { connectTo, type ConnectTarget } from './server/connect.js';
export type { RoundTripResult } from './plan/roundtrip.js';

// Comparing: drift, and whether the schema is what a build expects.
export { detectDrift } from './checks/drift.js';
export { readSchemaStatus, requiredMigrations, type SchemaStatus } from './checks/schema-status.js';

// The shared types its errors, events and data carry.
export type {
  Blocker,
  BreakingFinding,
  BreakingRule,
  MigrationEntry,
  MigrationSql,
  MigrationState,
  PlanLine,
  Problem,
  ProductionMarker,
  ServerFlavor,
} from './types.js';
