/** A request that names what is not there, or asks for records that would not be true. */
import { MigrationError } from './migration-error.js';

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
