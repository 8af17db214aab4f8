import type { Blocker, BreakingFinding, DataCheckResult, DestructiveFinding, PlanLine, Problem } from './types.js';

/**
 * Everything the engine refuses or fails with. Each error carries its data; its own message is
 * a plain statement of what happened. How to get out of it is the caller's wording: the `db`
 * command (cli/wording.ts) and the MikroORM CLI, through `MigratorSettings.explain`, add it.
 */
export abstract class MigrationError extends Error {
  abstract readonly kind: string;
  /** The engine's own one-line message, kept when a caller rewords `message`. */
  readonly summary: string;

  constructor(message: string) {
    super(message);
    this.summary = message;
  }
}

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
  ) {
    super(`refusing to ${action} in production without force. It would lose: ${loss}`);
  }
}

/** A migration stopped at one of its statements; MySQL has already committed those before it. */
export class MigrationFailedError extends MigrationError {
  override name = 'MigrationFailedError';
  readonly kind = 'failed';

  constructor(
    readonly migration: string,
    readonly method: 'up' | 'down',
    /** 1-based. */
    readonly statement: number,
    readonly statements: number,
    readonly sql: string,
    readonly reason: string,
  ) {
    super(`${migration} ${method}: statement ${statement} of ${statements} failed: ${reason}`);
  }
}

/**
 * A statement was held back before the server changed anything: nothing of it ran. The
 * statements before it are committed; the migration stays pending when it was the first, else
 * it is recorded as blocked at this statement and the next `up` resumes there.
 */
export abstract class StatementHeldBackError extends MigrationError {
  abstract override readonly kind: 'ddl-lock-timeout' | 'pin-refused' | 'data-check';
  abstract readonly migration: string;
  /** 1-based. */
  abstract readonly statement: number;
  abstract readonly statements: number;

  get resumable(): boolean {
    return this.statement > 1;
  }
}

/** A statement could not get its metadata lock within the retry budget. */
export class DdlLockTimeoutError extends StatementHeldBackError {
  override name = 'DdlLockTimeoutError';
  readonly kind = 'ddl-lock-timeout';

  constructor(
    readonly migration: string,
    /** 1-based. */
    readonly statement: number,
    readonly statements: number,
    readonly sql: string,
    readonly attempts: number,
    readonly elapsedMs: number,
    /** As found after the last attempt. */
    readonly blockers: Blocker[],
  ) {
    super(
      `gave up on ${migration} statement ${statement} of ${statements} after ${attempts} attempt(s) in ` +
        `${(elapsedMs / 1000).toFixed(1)} s: its table's metadata lock stayed taken`,
    );
  }
}

/**
 * The server refused an ALTER run with the algorithm and lock the plan predicted (the live table
 * differs from its definition's empty copy): it would have fallen back to a slower, more
 * blocking form, so nothing ran.
 */
export class PinnedDdlRefusedError extends StatementHeldBackError {
  override name = 'PinnedDdlRefusedError';
  readonly kind = 'pin-refused';

  constructor(
    readonly migration: string,
    readonly statement: number,
    readonly statements: number,
    /** As sent, with its ALGORITHM and LOCK. */
    readonly sql: string,
    readonly predicted: string,
    readonly reason: string,
  ) {
    super(
      `${migration} statement ${statement} of ${statements} was refused by the server with its planned ${predicted} ` +
        `(${reason}); nothing of it ran`,
    );
  }
}

/** Rows already in a table would make a statement fail half-way; checked before the migration runs. */
export class DataCheckError extends StatementHeldBackError {
  override name = 'DataCheckError';
  readonly kind = 'data-check';

  constructor(
    readonly migration: string,
    /** Where the run stopped: its first statement, or where a blocked migration would resume. */
    readonly statement: number,
    readonly statements: number,
    readonly failures: DataCheckResult[],
  ) {
    super(
      `refusing to run ${migration}: ${failures
        .map((failure) => `${failure.check.description}: ${failure.count} found`)
        .join('; ')}; nothing of it ran`,
    );
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

/** The drift check could not build its scratch database. */
export class ScratchDatabaseError extends MigrationError {
  override name = 'ScratchDatabaseError';
  readonly kind = 'scratch-database';

  constructor(
    readonly scratch: string,
    readonly database: string,
    readonly reason: string,
  ) {
    super(`cannot create the scratch database ${scratch} to replay the migrations (${reason})`);
  }
}
