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
