/** What refuses a run of `up` or `down` before its first statement (the gates), or keeps it from starting. */
import { MigrationError } from './migration-error.js';
import type { BreakingFinding, DestructiveFinding, PlanLine, Problem } from '../types.js';

/** Problems with the recorded state (failed, changed, missing, out of order) stop the run. */
export class MigrationBlockedError extends MigrationError {
  override name = 'MigrationBlockedError';
  readonly kind = 'blocked';

  constructor(
    readonly method: 'up' | 'down',
    readonly problems: Problem[],
  ) {
    super(`refusing to migrate ${method}: ${problems.length} problem(s) with the recorded migrations`);
  }
}

/** A migration with destructive statements and no `allowDestructive` marker, in production. */
export class DestructiveMigrationError extends MigrationError {
  override name = 'DestructiveMigrationError';
  readonly kind = 'destructive';

  constructor(
    readonly migration: string,
    readonly findings: DestructiveFinding[],
    /** When it is an expand migration: what it breaks in the release still running, which needs allowBreaking too. */
    readonly breaking: BreakingFinding[] = [],
  ) {
    super(`refusing to apply ${migration} in production: it has ${findings.length} destructive statement(s)`);
  }
}

/** What loses data in production (down to base, stamp, schema:drop, …) needs --force / DB_FORCE. */
export class ForceRequiredError extends MigrationError {
  override name = 'ForceRequiredError';
  readonly kind = 'force-required';

  constructor(
    readonly action: string,
    /** One line: what it would lose. */
    readonly loss: string,
    /** Which switch allows it where this error is raised. */
    readonly via: 'flag' | 'environment',
    /** The way that needs no force, when there is one (e.g. a migration instead of schema:update). */
    readonly instead?: string,
  ) {
    super(`refusing to ${action} in production without force. It would lose: ${loss}`);
  }
}

/** A statement planned as a table copy, or with a lock, on a table above MIGRATION_BLOCKING_ROWS, in production. */
export class BlockingMigrationError extends MigrationError {
  override name = 'BlockingMigrationError';
  readonly kind = 'blocking';

  constructor(
    readonly migration: string,
    readonly lines: PlanLine[],
    readonly thresholdRows: number,
  ) {
    super(
      `refusing to apply ${migration} in production: ${lines.length} statement(s) would block writes on a table above ` +
        `${thresholdRows.toLocaleString('en')} rows`,
    );
  }
}

/** An expand migration (the default phase) with statements that break the release still running. */
export class ExpandPhaseError extends MigrationError {
  override name = 'ExpandPhaseError';
  readonly kind = 'expand-phase';

  constructor(
    readonly migration: string,
    readonly findings: BreakingFinding[],
  ) {
    super(
      `refusing to apply ${migration}: it is an expand migration with ${findings.length} statement(s) that break ` +
        'the release still running',
    );
  }
}

/**
 * An expand migration waits behind a pending contract migration: `up` does not apply it ahead of
 * the contract one (migrations run in file order) and does not wait silently either. Nothing ran.
 */
export class ContractFirstError extends MigrationError {
  override name = 'ContractFirstError';
  readonly kind = 'contract-first';

  constructor(
    /** The pending contract migrations before the first waiting expand one. */
    readonly contracts: string[],
    /** The expand migrations behind them. */
    readonly waiting: string[],
    /** The last pending migration before the first contract one, if any: what `up --to` may reach now. */
    readonly lastBefore?: string,
  ) {
    super(
      `refusing to migrate up: expand migration(s) ${waiting.join(', ')} wait behind contract migration(s) ` +
        `${contracts.join(', ')}, which run first; nothing was applied`,
    );
  }
}

/**
 * A migration creates a trigger, the server logs binary and the user lacks SUPER: MySQL and
 * MariaDB refuse CREATE TRIGGER then unless log_bin_trust_function_creators is on. Found before
 * the run's first statement, rather than half-way through the migration.
 */
export class TriggerRightsError extends MigrationError {
  override name = 'TriggerRightsError';
  readonly kind = 'trigger-rights';

  constructor(
    readonly migration: string,
    readonly user: string,
  ) {
    super(
      `refusing to apply ${migration}: it creates a trigger, binary logging is on and ${user} has no SUPER ` +
        'privilege, so the server would refuse it (log_bin_trust_function_creators is off); nothing was applied',
    );
  }
}

/**
 * The server's plan already shows a statement of a pending migration failing (on the plan's copy
 * of the schema, with the statements before it applied): the run is refused before its first
 * statement, so nothing of it is half-applied. The migration stays pending, to be fixed.
 */
export class PlanForeseesFailureError extends MigrationError {
  override name = 'PlanForeseesFailureError';
  readonly kind = 'plan-failure';

  constructor(
    readonly migration: string,
    /** 1-based. */
    readonly statement: number,
    readonly statements: number,
    readonly sql: string,
    readonly reason: string,
    /** What the run would apply before it: what `up --to` may still apply now. */
    readonly appliesBefore: string[],
    /** `create`: the migration was just generated, and is not kept. */
    readonly during: 'up' | 'create' = 'up',
  ) {
    super(
      during === 'up'
        ? `refusing to migrate up: the plan shows ${migration} statement ${statement} of ${statements} failing on this ` +
            `schema (${reason}); nothing was applied`
        : `refusing to create ${migration}: the plan shows its statement ${statement} of ${statements} failing on this ` +
            `database (${reason}); nothing was written (the migration files and the snapshot are as before)`,
    );
  }
}

export class MigrationLockTimeoutError extends MigrationError {
  override name = 'MigrationLockTimeoutError';
  readonly kind = 'lock-timeout';

  constructor(
    readonly lock: string,
    readonly holder: number | null,
    readonly timeoutSeconds: number,
  ) {
    super(
      `timed out after ${timeoutSeconds} s waiting for the migration lock "${lock}" ` +
        `(held by connection ${holder ?? '?'})`,
    );
  }
}
