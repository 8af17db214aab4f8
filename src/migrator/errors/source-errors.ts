/** The migration files and what is built from them: a file that cannot be read, a scratch database, the snapshot. */
import { MigrationError } from './migration-error.js';

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
