import { hostsOf, type DatabaseTarget } from '../config/database-url.js';

/** host:port, or every host of a cluster's URL. */
function where(target: DatabaseTarget): string {
  return hostsOf(target)
    .map((server) => `${server.host}:${server.port}`)
    .join(', ');
}

/** Could not open a connection. The message is one line that says what to check. */
export class DatabaseConnectError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'DatabaseConnectError';
  }

  static unreachable(target: DatabaseTarget, cause: unknown, attempts: number): DatabaseConnectError {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    const reason = reasonOf(cause);
    // A name that does not resolve is not a server that is down: the host in the URL is wrong.
    const check = UNRESOLVED.has(reason)
      ? `the host name "${target.host}" does not resolve — check the host in DATABASE_URL (under compose: the ` +
        "database service's name, `db`)."
      : 'is the MySQL/MariaDB server running there (under compose: `docker compose ps db`)? Set DATABASE_URL to point elsewhere.';
    return new DatabaseConnectError(
      `cannot connect to MySQL at ${where(target)}${tries} (${reason}) — ${check}`,
      cause,
    );
  }

  /**
   * The server answers but has no database of that name: a typo, or nothing has created it yet.
   * `db` is how the db command is typed where this is read (MIGRATION_COMMAND).
   */
  static missing(target: DatabaseTarget, db: string): DatabaseConnectError {
    return new DatabaseConnectError(
      `database "${target.database}" does not exist on ${where(target)} — check the name in DATABASE_URL, ` +
        `or create it and apply the migrations with \`${db} up\` (the migrate job does this in production)`,
    );
  }

  static refused(target: DatabaseTarget, cause: unknown): DatabaseConnectError {
    return new DatabaseConnectError(
      `MySQL at ${where(target)} refused user "${target.user}" (${reasonOf(cause)}) — ` +
        'check the user and password in DATABASE_URL and the grants of that user.',
      cause,
    );
  }
}

/** getaddrinfo's answers for a name that does not resolve (none, or not now). */
const UNRESOLVED = new Set(['ENOTFOUND', 'EAI_AGAIN']);

/** The driver's error code (ECONNREFUSED, ER_ACCESS_DENIED_ERROR, …), else its message. */
function reasonOf(cause: unknown): string {
  const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown };
  return typeof code === 'string' ? code : typeof message === 'string' ? message : String(cause);
}
