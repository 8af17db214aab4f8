import { DeadlockException } from '@mikro-orm/core';

/** InnoDB's ER_LOCK_DEADLOCK: "Deadlock found when trying to get lock; try restarting transaction". */
export const DEADLOCK_ERRNO = 1213;

/** Attempts in all, the first included: a deadlock rarely strikes the same pair of writes twice. */
export const DEADLOCK_ATTEMPTS = 3;

export function isDeadlock(error: unknown): boolean {
  return error instanceof DeadlockException || (error as { errno?: number } | null)?.errno === DEADLOCK_ERRNO;
}

/**
 * Runs a write again when InnoDB chose it as a deadlock's victim. InnoDB has then rolled back
 * the whole transaction (or the single statement), so running it again is what the server asks
 * for. Deadlocks happen between ordinary writes too, and more often while an online schema
 * change's triggers copy writes into the new table (docs/migrations.md, "Online schema change").
 * `work` must be the whole transaction, not a part of one.
 */
export async function retryDeadlocks<T>(work: () => Promise<T>, attempts = DEADLOCK_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) {
        throw error;
      }
    }
  }
}
