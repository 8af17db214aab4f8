import { DeadlockException } from '@mikro-orm/core';

/** InnoDB's ER_LOCK_DEADLOCK: "Deadlock found when trying to get lock; try restarting transaction". */
export const DEADLOCK_ERRNO = 1213;

/**
 * Attempts in all, the first included. A deadlock rarely strikes the same pair of writes twice;
 * but on Galera every DDL statement aborts the transactions open on its table, on every node
 * (they get 1213), so a write can be struck once per statement of a migration running
 * elsewhere: the cluster suite saw three in a row (docs/clusters.md).
 */
export const DEADLOCK_ATTEMPTS = 5;

/** Waits before attempt 2, 3, …: 20, 40, 80, 160 ms, so a retry does not land on the next statement of the same migration. */
export const DEADLOCK_BACKOFF_MS = 20;

export function isDeadlock(error: unknown): boolean {
  return error instanceof DeadlockException || (error as { errno?: number } | null)?.errno === DEADLOCK_ERRNO;
}

/**
 * Runs a write again when InnoDB chose it as a deadlock's victim (or Galera aborted it for a
 * DDL or a conflicting write set). The whole transaction (or the single statement) was then
 * rolled back, so running it again is what the server asks for. Deadlocks happen between
 * ordinary writes too, and more often while an online schema change's triggers copy writes into
 * the new table (docs/migrations.md, "Online schema change"). `work` must be the whole
 * transaction, not a part of one.
 */
export async function retryDeadlocks<T>(
  work: () => Promise<T>,
  attempts = DEADLOCK_ATTEMPTS,
  backoffMs = DEADLOCK_BACKOFF_MS,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) {
        throw error;
      }
      await new Promise((done) => setTimeout(done, backoffMs * 2 ** (attempt - 1)));
    }
  }
}
