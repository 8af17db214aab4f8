import { ConnectionException } from '@mikro-orm/core';

/** Driver and socket error codes that mean "the database cannot be reached right now". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_CONNECTION_KILLED',
  // A cluster member that stopped taking writes (src/db/cluster/writer-errors.ts): the writes
  // move to another member within seconds.
  'ER_OPTION_PREVENTS_STATEMENT',
  'ER_UNKNOWN_COM_ERROR',
  'ER_RUN_HOOK_ERROR',
  'ER_TRANSACTION_ROLLBACK_DURING_COMMIT',
  'CLUSTER_NO_WRITER',
]);

/**
 * Whether an error (or one of its causes) says the database is unreachable. MikroORM converts
 * some of these into ConnectionException; errors raised while the pool opens a connection to a
 * stopped server reach us as plain driver errors, and must be a 503 as well, not a 500.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) {
    return false;
  }
  if (error instanceof ConnectionException) {
    return true;
  }
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) || isDatabaseUnavailable(cause, depth + 1);
}

/** ER_LOCK_WAIT_TIMEOUT, MariaDB's ER_STATEMENT_TIMEOUT, MySQL's ER_QUERY_TIMEOUT. */
const BOUND_HIT_ERRNOS = new Set([1205, 1969, 3024]);

/**
 * Whether an error (or one of its causes) says the database is there but busy: a statement or
 * lock wait hit the request's bound (db/session-limits.ts), or the pool's wait queue is full.
 * The request may well succeed a moment later, so it is a 503 with Retry-After too.
 */
export function isDatabaseBusy(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) {
    return false;
  }
  const { errno, message, cause } = error as { errno?: unknown; message?: unknown; cause?: unknown };
  return (
    (typeof errno === 'number' && BOUND_HIT_ERRNOS.has(errno)) ||
    (typeof message === 'string' && message.includes('Queue limit reached')) ||
    isDatabaseBusy(cause, depth + 1)
  );
}
