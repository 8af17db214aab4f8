import type { MigrationError } from './errors/index.js';
import type { MigratorListener } from './events.js';

/** What the host project gives the engine (src/db/orm-config.ts builds it from the environment). */
export interface MigratorSettings {
  /** Seconds to wait for another run's migration lock before giving up. */
  lockTimeoutSeconds: number;
  /**
   * On a cluster, the lock row's lease (default 30 s): how long a holder that cannot be reached
   * keeps the lock before another run may take it (server/lease-lock.ts).
   */
  lockLeaseSeconds?: number;
  /** Apply a pending migration that sorts before the last applied one. */
  allowOutOfOrder: boolean;
  /** Let production runs do what is otherwise refused there (destructive commands). */
  force: boolean;
  /** Production turns on the guards: destructive lint, force for what loses data. */
  production: boolean;
  /** Seconds one statement waits for its metadata lock before the attempt is retried. */
  ddlLockWaitSeconds: number;
  /** Seconds all attempts of one statement may take before the run gives up. */
  ddlRetryForSeconds: number;
  /** Transactions open longer than this (seconds) are reported before a run. */
  longTransactionSeconds: number;
  /** End the connections that block a statement (outside production; in production with force). */
  killBlockers?: boolean;
  /** In production, a statement planned COPY or with a lock on a table above this many rows needs `allowBlocking`. */
  blockingRows: number;
  /** Apply contract migrations too; without it `up` stops before the first pending one. */
  contract: boolean;
  /** migration:create writes what breaks the running release into a separate contract migration. */
  split?: boolean;
  /** Runs on each file migration:create writes, e.g. a formatter (Alembic's post_write_hooks). */
  afterCreate?: (file: string) => Promise<void>;
  /** Receives everything the engine reports while it works. */
  onEvent: MigratorListener;
  /**
   * Words an engine error for people (its ways out), for callers that print `error.message`
   * as it is, such as the MikroORM CLI. Without it the engine's plain message stays.
   */
  explain?: (error: MigrationError) => string;
  /**
   * Ends the process on an engine error after it is worded (a CLI whose own error path would
   * bury the message, like the MikroORM CLI's help text and stack trace).
   */
  exitOnError?: (error: MigrationError) => never;
  /**
   * Ends the process once a run that held contract migrations back has finished and said so (a
   * CLI that would otherwise print its own "migrated up to the latest version", like MikroORM's).
   */
  exitWhenHeldBack?: () => never;
}
