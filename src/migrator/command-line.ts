/**
 * How people type the `db` command where the words will be read: `npm run db --` in a checkout,
 * `docker compose run --rm migrate node dist/src/db-cli/main.js` beside a compose stack (the
 * migrate job's MIGRATION_COMMAND). Every way out the wording prints starts with it, so it can be
 * pasted as printed.
 */
export const DEFAULT_DB_COMMAND = 'npm run db --';

/** The `up` that applies a migration of this phase: a contract one needs `up --contract`. */
export function upFor(phase: 'expand' | 'contract' | undefined): 'up' | 'up --contract' {
  return phase === 'contract' ? 'up --contract' : 'up';
}

/** `<db command> <args>`, e.g. `npm run db -- up --contract`. */
export function dbRun(db: string, args: string): string {
  return `${db} ${args}`;
}
