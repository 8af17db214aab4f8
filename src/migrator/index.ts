/**
 * The migration engine's public surface: everything outside src/migrator/ imports from here
 * (enforced by eslint.config.mjs). README.md beside this file says what it guarantees.
 */
import type { MikroORM } from '@mikro-orm/core';
import { GuardedSchemaGenerator } from './guarded-schema-generator.js';
import { META_TABLE } from './migration-meta.js';
import { SafeMigrator } from './safe-migrator.js';
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
    skipTables: [META_TABLE],
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

export type { SafeMigrator } from './safe-migrator.js';
export { migratorOf } from './migrator-of.js';
export type { MigratorSettings } from './settings.js';
export type { MigratorEvent, MigratorListener } from './events.js';
export type { Blocker } from './blockers.js';
export * from './errors.js';
export { findProblems, type Problem } from './problems.js';
export { byState, type EntryState, type MigrationEntry, type MigrationState } from './migration-state.js';
export type { MigrationFile, MigrationSql } from './migration-source.js';
export { isBase, normaliseName } from './run-plan.js';
export { formatFindings, lintMigration, type DestructiveFinding, type DestructiveRule } from './destructive-lint.js';
export { renderMigrationScript, type RenderInput } from './offline-sql.js';
export { detectDrift, type DriftReport } from './drift.js';
export { readSchemaStatus, SchemaNotCurrentError, type SchemaStatus } from './schema-status.js';
export { META_TABLE };
export { planStatements, type PlanLine, type PlannedCheck } from './ddl-plan.js';
export { maxRowVersions, type Algorithm, type LockLevel, type PlanServer } from './ddl-algorithms.js';
export type { DataCheck, DataCheckResult } from './data-checks.js';
export { breakingChanges, type BreakingFinding } from './compat-lint.js';
export type { RoundTripResult } from './roundtrip.js';
export { MIGRATION_PHASES, type MigrationPhase } from './migration-source.js';
