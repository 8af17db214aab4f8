/**
 * Everything the engine refuses or fails with. Each error carries its data; its own message is a
 * plain statement of what happened. How to get out of it is the host's wording (the `db` command
 * and the MikroORM CLI: src/migration-words/, handed over as `MigratorSettings.explain`).
 */
export abstract class MigrationError extends Error {
  /** Which error it is: the discriminant of KnownMigrationError (errors/index.ts). */
  abstract readonly kind: string;
  /** The engine's own one-line message, kept when a host rewords `message`. */
  readonly summary: string;

  constructor(message: string) {
    super(message);
    this.summary = message;
  }
}
