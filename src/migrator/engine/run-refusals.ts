import { ExpandPhaseError, TriggerRightsError } from '../refusal-errors.js';
import { lacksTriggerRights } from '../server/trigger-rights.js';
import { breakingChanges } from '../sql/compat-lint.js';
import type { MigrationSql } from '../types.js';

/** The migrations a run is about to apply, with their SQL. */
type ToApply = { name: string; sql: MigrationSql }[];

/**
 * Expand migrations must leave the running release working: what breaks it belongs in a
 * contract migration, unless the file says it breaks it on purpose (allowBreaking).
 */
export function refuseBreakingExpands(migrations: ToApply): void {
  for (const { name, sql } of migrations) {
    const findings = sql.phase === 'expand' && !sql.breakingReason ? breakingChanges(sql.up, sql.down) : [];
    if (findings.length > 0) {
      throw new ExpandPhaseError(name, findings);
    }
  }
}

/** A migration that creates a trigger must not stop half-way on the server's binary-logging rule. */
export async function requireTriggerRights(
  migrations: ToApply,
  query: (sql: string) => Promise<Record<string, unknown>[]>,
): Promise<void> {
  const first = migrations.find(({ sql }) =>
    sql.up.some((statement) => /^create\s+(?:definer\s*=\s*\S+\s+)?trigger\b/i.test(statement)),
  );
  const user = first && (await lacksTriggerRights(query));
  if (first && user) {
    throw new TriggerRightsError(first.name, user);
  }
}
