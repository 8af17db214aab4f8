import { MigrationError } from './migration-error.js';
import type { Blocker, FailedDataCheck, MigrationPhase } from '../types.js';

/**
 * A migration stopped at one of its statements; MySQL has already committed those before it.
 * The run records it FAILED at that statement, and nothing runs until it is resolved.
 */
export abstract class StatementFailedError extends MigrationError {
  abstract override readonly kind: 'failed' | 'online-change-failed';

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

/** The server (or a statement's own error) stopped it. */
export class MigrationFailedError extends StatementFailedError {
  override name = 'MigrationFailedError';
  readonly kind = 'failed';
}

/**
 * pt-online-schema-change did not finish a table copy. What it left behind was cleaned up where
 * that is safe (its triggers, its half-filled new table); `swapped` says the tables had already
 * been swapped, so the change is in place and the old table kept for the operator.
 */
export class OnlineChangeFailedError extends StatementFailedError {
  override name = 'OnlineChangeFailedError';
  readonly kind = 'online-change-failed';

  constructor(
    at: { migration: string; statement: number; statements: number },
    sql: string,
    reason: string,
    readonly swapped: boolean,
  ) {
    super(at.migration, 'up', at.statement, at.statements, sql, reason);
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
  /** A contract migration resumes with `up --contract`. */
  abstract readonly phase: MigrationPhase;

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
    readonly phase: MigrationPhase = 'expand',
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
    readonly phase: MigrationPhase = 'expand',
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
    readonly failures: FailedDataCheck[],
    readonly phase: MigrationPhase = 'expand',
  ) {
    super(
      `refusing to run ${migration}: ${failures
        .map((failure) => `statement ${failure.statement}: ${failure.check.description}: ${failure.count} found`)
        .join('; ')}; nothing of it ran`,
    );
  }
}
