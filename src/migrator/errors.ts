import type { Blocker } from './blockers.js';
import type { DestructiveFinding } from './destructive-lint.js';
import type { Problem } from './problems.js';

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
 * A statement could not get its metadata lock within the retry budget. Statements before it
 * are committed; the migration stays pending when it was the first, else it is recorded as
 * blocked at this statement and the next `up` resumes there.
 */
export class DdlLockTimeoutError extends MigrationError {
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
