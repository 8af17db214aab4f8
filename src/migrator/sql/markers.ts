import { breakingChanges } from './compat-lint.js';
import { lintMigration } from './destructive-lint.js';
import type { BreakingFinding, DestructiveFinding, MigrationSql, ProductionMarker } from '../types.js';

/** What production asks of one migration before it applies it. */
export interface MarkerCheck {
  /** Statements that lose data: allowed with `allowDestructive`. */
  destructive: DestructiveFinding[];
  /**
   * Statements that break the release still running, in an expand migration (drops and renames):
   * allowed with `allowBreaking`, or by moving them to a contract migration. Empty for a contract one.
   */
  breaking: BreakingFinding[];
  /** The markers the findings still lack, in the order production checks them. */
  missing: ProductionMarker[];
}

/**
 * The one rule of production markers, used by the run's gate, `lint`, `split` and the creation
 * warnings: what loses data needs allowDestructive; in an expand migration, what breaks the running
 * release needs allowBreaking (or a contract migration).
 */
export function productionMarkers(
  sql: Pick<MigrationSql, 'up' | 'down' | 'phase' | 'destructiveReason' | 'breakingReason'>,
): MarkerCheck {
  const destructive = lintMigration(sql.up, sql.down);
  const breaking = sql.phase === 'expand' ? breakingChanges(sql.up, sql.down) : [];
  const missing: ProductionMarker[] = [];
  if (destructive.length > 0 && !sql.destructiveReason) {
    missing.push('allowDestructive');
  }
  if (breaking.length > 0 && !sql.breakingReason) {
    missing.push('allowBreaking');
  }
  return { destructive, breaking, missing };
}
