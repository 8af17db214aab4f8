/** Every kind of engine error: the wording and the exit codes switch over these, exhaustively. */
export type MigrationErrorKind =
  | 'blocked'
  | 'destructive'
  | 'force-required'
  | 'blocking'
  | 'expand-phase'
  | 'contract-first'
  | 'failed'
  | 'online-change-failed'
  | 'ddl-lock-timeout'
  | 'pin-refused'
  | 'data-check'
  | 'not-failed'
  | 'unknown-migration'
  | 'not-applied'
  | 'lock-timeout'
  | 'source'
  | 'scratch-database'
  | 'trigger-rights'
  | 'plan-failure'
  | 'rename-refused'
  | 'snapshot'
  | 'replay'
  | 'stamp-refused'
  | 'not-the-writer';

/**
 * Everything the engine refuses or fails with. Each error carries its data; its own message is
 * a plain statement of what happened. How to get out of it is the caller's wording: the `db`
 * command and the MikroORM CLI (report/wording.ts, handed over as `MigratorSettings.explain`) add it.
 */
export abstract class MigrationError extends Error {
  abstract readonly kind: MigrationErrorKind;
  /** The engine's own one-line message, kept when a caller rewords `message`. */
  readonly summary: string;

  constructor(message: string) {
    super(message);
    this.summary = message;
  }
}
