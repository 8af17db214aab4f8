import { MigrationError } from './migration-error.js';
import type { BreakingFinding, DestructiveFinding, PlanLine, Problem } from './types.js';

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

/** `resolve` on a migration that is not in the failed state. */
export class NotFailedError extends MigrationError {
  override name = 'NotFailedError';
  readonly kind = 'not-failed';

  constructor(
    readonly migration: string,
    readonly state: string,
  ) {
    super(`migration ${migration} is ${state}, not failed: there is nothing to resolve`);
  }
}

export class UnknownMigrationError extends MigrationError {
  override name = 'UnknownMigrationError';
  readonly kind = 'unknown-migration';

  constructor(
    readonly migration: string,
    readonly known: string[],
  ) {
    super(`unknown migration "${migration}" — known migrations: ${known.length ? known.join(', ') : 'none'}`);
  }
}

/** `down --to NAME` where NAME is known but not applied. */
export class NotAppliedError extends MigrationError {
  override name = 'NotAppliedError';
  readonly kind = 'not-applied';

  constructor(readonly migration: string) {
    super(`cannot migrate down to ${migration}: it is not applied`);
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

/** A migration file that cannot be read for checksums, lint and offline SQL. */
export class MigrationSourceError extends MigrationError {
  override name = 'MigrationSourceError';
  readonly kind = 'source';
}

/** The plan, the drift check or the round trip could not create its scratch database. */
export class ScratchDatabaseError extends MigrationError {
  override name = 'ScratchDatabaseError';
  readonly kind = 'scratch-database';

  constructor(
    readonly scratch: string,
    readonly database: string,
    readonly reason: string,
    /** plan: the server's plan of pending statements; drift: replaying (or round-tripping) migrations. */
    readonly purpose: 'plan' | 'drift',
  ) {
    const what = purpose === 'plan' ? 'plan the pending statements' : 'replay the migrations';
    super(`cannot create the scratch database ${scratch} to ${what} (${reason})`);
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

/** A rename that would make the records lie (an applied migration) or collide with another migration. */
export class RenameRefusedError extends MigrationError {
  override name = 'RenameRefusedError';
  readonly kind = 'rename-refused';

  constructor(
    readonly migration: string,
    readonly reason: string,
  ) {
    super(`cannot rename ${migration}: ${reason}`);
  }
}

/**
 * migrations/.snapshot.json does not say what the migration files build (missing, left with merge
 * conflict markers, or behind them): a migration created from it would repeat changes the files
 * hold, or leave out some. Nothing was written.
 */
export class SnapshotMismatchError extends MigrationError {
  override name = 'SnapshotMismatchError';
  readonly kind = 'snapshot';

  constructor(
    readonly path: string,
    readonly state: 'missing' | 'unreadable' | 'stale',
    /** Why it cannot be read, or the statements that would take it to what the files build. */
    readonly details: string[],
  ) {
    const what = {
      missing: 'is missing',
      unreadable: `cannot be read (${details[0]})`,
      stale: `does not match what the migration files build (${details.length} difference(s))`,
    }[state];
    super(`the migration snapshot ${path} ${what}; nothing was created`);
  }
}

/**
 * The migration files could not be replayed in a scratch database (to compare what they build
 * with the entities, the snapshot or the live schema): a statement failed there, or the
 * connection to the scratch database could not be made.
 */
export class ReplayFailedError extends MigrationError {
  override name = 'ReplayFailedError';
  readonly kind = 'replay';

  constructor(readonly reason: Error) {
    super(`cannot replay the migration files in a scratch database: ${reason.message}`);
  }
}

/** `stamp` on a database that holds none of the tables the migrations it would record create. */
export class StampRefusedError extends MigrationError {
  override name = 'StampRefusedError';
  readonly kind = 'stamp-refused';

  constructor(
    readonly migrations: string[],
    /** The tables their up() creates, none of which exists. */
    readonly tables: string[],
  ) {
    super(
      `refusing to stamp: the database holds none of the tables the ${migrations.length} migration(s) to record create ` +
        `(${tables.join(', ')}), so recording them as applied would claim a schema that is not there`,
    );
  }
}
