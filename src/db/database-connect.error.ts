import type { DatabaseTarget } from '../config/database-url.js';

/** Could not open a connection. The message is one line that says what to check. */
export class DatabaseConnectError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'DatabaseConnectError';
  }

  static unreachable(target: DatabaseTarget, cause: unknown, attempts: number): DatabaseConnectError {
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    return new DatabaseConnectError(
      `cannot connect to MySQL at ${target.host}:${target.port}${tries} (${reasonOf(cause)}) — ` +
        'is the database container running? Set DATABASE_URL to point elsewhere.',
      cause,
    );
  }

  static refused(target: DatabaseTarget, cause: unknown): DatabaseConnectError {
    return new DatabaseConnectError(
      `MySQL at ${target.host}:${target.port} refused user "${target.user}" (${reasonOf(cause)}) — ` +
        'check the user and password in DATABASE_URL and the grants of that user.',
      cause,
    );
  }
}

/** The driver's error code (ECONNREFUSED, ER_ACCESS_DENIED_ERROR, …), else its message. */
function reasonOf(cause: unknown): string {
  const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown };
  return typeof code === 'string' ? code : typeof message === 'string' ? message : String(cause);
}
