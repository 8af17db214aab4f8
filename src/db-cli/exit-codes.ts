/** Exit codes of `npm run db -- <command>`; documented in docs/migrations.md. */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  /** status: migrations are pending. */
  pending: 3,
  /** status/verify: a migration failed, changed after it was applied, lost its file, or is out of order. */
  problems: 4,
  /** drift: the live schema differs from the entities or from the applied migrations. */
  drift: 5,
  /** lint: a migration has destructive statements. */
  destructive: 6,
  /** up/down: a statement could not get its table's metadata lock within MIGRATION_DDL_RETRY_FOR. */
  lockWait: 7,
  /** check: the entities have changes that no migration holds. */
  changes: 8,
  /** up: a migration was held back before it ran (a data check found rows, or the server refused its planned algorithm). */
  heldBack: 9,
  /** check --roundtrip: a migration's down() does not restore the schema, or up() after it differs. */
  roundTrip: 10,
  /** up: an expand migration waits behind a pending contract migration (`up --contract` first); nothing ran. */
  contractFirst: 11,
  /** status: only contract migrations are pending, waiting for their window (`--allow-contract` makes it 0). */
  contractWindow: 12,
  /** up: applied on the primary, but a replica did not replay it within MIGRATION_REPLICA_WAIT. */
  replicaWait: 13,
  /** create, check: migrations/.snapshot.json does not match what the migration files build (`db snapshot` rebuilds it). */
  snapshot: 14,
} as const;

export class UsageError extends Error {
  override name = 'UsageError';
}
