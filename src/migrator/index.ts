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

export type { SafeMigrator } from './engine/safe-migrator.js';
export { migratorOf } from './engine/migrator-of.js';
export type { MigratorSettings } from './settings.js';
export type { MigratorEvent, MigratorListener } from './events.js';
export * from './errors/index.js';
export { findProblems, newerRelease } from './state/problems.js';
export { byState } from './state/migration-state.js';
export { isBase, resolveName, selectRange, type RunRequest, type RunSelection } from './state/run-selection.js';
export { requireFileOrder } from './gates/contract-order.js';
export { requireForce } from './gates/force.js';
export { formatFindings, lintMigration } from './sql/destructive-lint.js';
export { renderMigrationScript, type RenderInput } from './state/offline-sql.js';
export { detectDrift, type DriftReport } from './checks/drift.js';
export {
  readSchemaStatus,
  requiredMigrations,
  SchemaNotCurrentError,
  type SchemaStatus,
} from './checks/schema-status.js';
export { META_TABLE, LOCK_TABLE };
export { trackingTableOf } from './state/tracking-table.js';
export { flavorOf, serverName } from './server/server-info.js';
/** The lock around every run (GET_LOCK, or a leased row on a cluster), for tools that must not run beside a migration. */
export { MigrationLock } from './server/migration-lock.js';
export { planStatements } from './plan/ddl-plan.js';
export { maxRowVersions, type PlanServer } from './sql/ddl-algorithms.js';
export { breakingChanges } from './sql/compat-lint.js';
export { productionMarkers, type MarkerCheck } from './sql/markers.js';
export type { RoundTripResult } from './plan/roundtrip.js';
export type { SnapshotStatus } from './engine/snapshot.js';
export { MIGRATION_PHASES } from './state/migration-source.js';
export type * from './types.js';
export { runLog, contractPendingText, type RunLogFormat } from './report/run-log.js';
export { describeBlocker, describeProblem, safeSequenceLines } from './report/wording.js';
export { explain } from './report/explain.js';
export {
  commandWords,
  DB_COMMANDS,
  DEFAULT_DB_COMMAND,
  wayOut,
  type DbCommandName,
  type FlagsOf,
} from './command-line.js';
export { formatMigration } from './report/format-migration.js';
export { checkLines, planLineText, planTable } from './report/plan-table.js';
export { textTable } from './report/text-table.js';
export { quoteIdentifier } from './sql/sql-clauses.js';
