import { CompiledQuery } from 'kysely';
import type { ServerFlavor } from './server-probe.js';

/** The part of Kysely's connection that the ORM hands to `onCreateConnection`. */
interface PoolConnection {
  executeQuery(query: CompiledQuery): Promise<unknown>;
}

const GRACE_MS = 1_000;

/**
 * The SET statement that bounds every statement of one app connection on the server: nothing
 * the API runs outlives its request's deadline by more than a second. MariaDB's max_statement_time covers
 * every statement; MySQL 8's max_execution_time covers SELECTs. Row-lock and metadata-lock
 * waits (50 s and a day or a year by default) end with the same bound, so a request held
 * by a lock gives its connection back to the pool instead of keeping it.
 */
export function sessionLimitsSql(flavor: ServerFlavor, deadlineMs: number): string {
  // A second after the deadline: the client always hears the deadline's 503 first (one
  // answer, one wording), and the server frees the connection just after.
  const boundMs = deadlineMs + GRACE_MS;
  const seconds = Math.ceil(boundMs / 1000);
  const statement = flavor === 'mariadb' ? `max_statement_time = ${boundMs / 1000}` : `max_execution_time = ${boundMs}`;
  return `set session ${statement}, innodb_lock_wait_timeout = ${seconds}, lock_wait_timeout = ${seconds}`;
}

/** The ORM's `onCreateConnection` hook applying those limits to each new pool connection. */
export function applySessionLimits(flavor: ServerFlavor, deadlineMs: number) {
  const sql = sessionLimitsSql(flavor, deadlineMs);
  return async (connection: unknown): Promise<void> => {
    await (connection as PoolConnection).executeQuery(CompiledQuery.raw(sql));
  };
}
