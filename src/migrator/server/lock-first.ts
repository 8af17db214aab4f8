import { LOCK_WAIT_TIMEOUT_ERRNO } from './lock-retry.js';
import { quoteIdentifier } from '../sql/sql-clauses.js';

/**
 * Metadata-lock attempts shorter than a second. Neither server waits less than a second for a
 * metadata lock: MySQL's lock_wait_timeout is whole seconds from 1; MariaDB takes 0 (fail at
 * once, which a busy table always does) and truncates `ALTER … WAIT 0.5` to 0. So a shorter
 * attempt is ended from a second connection with KILL QUERY.
 *
 * Ending an ALTER from outside is safe only before it has changed anything, and no server table
 * tells that moment for sure: its last lock upgrade (after a rebuild) looks like its first. So
 * the attempt waits in a statement that changes nothing, `LOCK TABLES t WRITE`, which asks for
 * a lock that conflicts with the same readers and writers as the ALTER's and, while pending,
 * queues the table's new queries the same way; the ALTER then runs under it with nothing left
 * to wait for. A LOCK TABLES ended at any moment leaves nothing to undo, and a KILL QUERY that
 * arrives after it returned finds an idle connection and ends nothing (both measured on MySQL
 * 9.7 and MariaDB 10.11, test/migrator/migration-short-lock-attempts.e2e-spec.ts).
 *
 * Used only for statements the plan pinned INSTANT: under LOCK TABLES … WRITE the table serves
 * nobody until UNLOCK, which for an instant change is what the ALTER's own exclusive lock does
 * anyway, but would turn an online rebuild into an offline one.
 */

export interface LockFirstConnection {
  query(sql: string): Promise<unknown>;
  readonly connectionId: number;
}

/** The second connection, which ends an attempt that waited its time. */
export interface AttemptEnder {
  endQuery(connectionId: number): Promise<void>;
}

/** MySQL's and MariaDB's ER_QUERY_INTERRUPTED: what a statement ended by KILL QUERY fails with. */
export const QUERY_INTERRUPTED_ERRNO = 1317;

/** LOCK TABLES not allowed to this user (ER_DBACCESS_DENIED_ERROR, ER_TABLEACCESS_DENIED_ERROR). */
const NO_LOCK_RIGHT = new Set([1044, 1142]);

export class AttemptEndedError extends Error {
  /** Read as a lock wait time-out by the retry loop (lock-retry.ts). */
  readonly errno = LOCK_WAIT_TIMEOUT_ERRNO;
  constructor(readonly waitMs: number) {
    super(`the metadata lock was not granted within ${waitMs} ms; the migrator ended the attempt (nothing had run)`);
  }
}

export type LockFirstOutcome<T> = { ran: true; result: T } | { ran: false; reason: 'no-lock-right' };

/**
 * One attempt: LOCK TABLES `table` WRITE, ended after `waitMs` if still waiting (then
 * AttemptEndedError); when granted, `work` under the lock, then UNLOCK TABLES whatever happened.
 * `{ ran: false }` when the user may not lock tables: the caller runs the statement plainly.
 */
export async function lockFirst<T>(
  session: LockFirstConnection,
  ender: AttemptEnder,
  table: string,
  waitMs: number,
  work: () => Promise<T>,
): Promise<LockFirstOutcome<T>> {
  let ending: Promise<void> | undefined;
  const timer = setTimeout(() => {
    ending = ender.endQuery(session.connectionId);
  }, waitMs);
  let locked: Error | null = null;
  try {
    await session.query(`lock tables ${quoteIdentifier(table)} write`);
  } catch (error) {
    locked = error instanceof Error ? error : new Error(String(error));
  } finally {
    clearTimeout(timer);
  }
  // A kill already on its way must land before anything else is sent: else it could end `work`.
  const raced = ending !== undefined;
  await ending?.catch(() => undefined);
  if (locked !== null) {
    await session.query('unlock tables').catch(() => undefined);
    const errno = (locked as { errno?: number }).errno;
    if (raced && errno === QUERY_INTERRUPTED_ERRNO) {
      throw new AttemptEndedError(waitMs);
    }
    if (errno !== undefined && NO_LOCK_RIGHT.has(errno)) {
      return { ran: false, reason: 'no-lock-right' };
    }
    throw locked;
  }
  try {
    if (raced) {
      // The kill came after the lock was granted. It found the connection idle (so it ends
      // nothing), but a no-op takes it if a server ever kept it for the next statement.
      await session.query('do 0').catch(() => undefined);
    }
    return { ran: true, result: await work() };
  } finally {
    await session.query('unlock tables');
  }
}
