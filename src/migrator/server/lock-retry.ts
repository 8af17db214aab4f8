/**
 * The retry loop around a DDL statement: each attempt waits for its metadata lock at most the
 * session's lock_wait_timeout; between attempts it backs off with jitter, so the statements
 * queued behind the attempt (the live API's) run. It gives up when the budget is spent.
 */

/** MySQL's and MariaDB's ER_LOCK_WAIT_TIMEOUT: metadata locks and InnoDB row locks alike. */
export const LOCK_WAIT_TIMEOUT_ERRNO = 1205;

export function isLockWaitTimeout(error: unknown): boolean {
  return (error as { errno?: unknown } | null)?.errno === LOCK_WAIT_TIMEOUT_ERRNO;
}

export interface RetryPolicy {
  /** How long all attempts together may take, in ms. */
  budgetMs: number;
  /** The first back-off; each next one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF = { baseDelayMs: 250, maxDelayMs: 5_000 } as const;

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1). */
  random(): number;
}

export const realClock: RetryClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export interface FailedAttempt {
  attempt: number;
  waitedMs: number;
  /** The back-off before the next attempt; null when the budget is spent. */
  retryInMs: number | null;
}

/** Back-off before attempt `attempt + 1`: exponential, capped, with half of it jittered. */
export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: number) {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/**
 * Runs `attempt` until it succeeds, fails with something other than a lock wait time-out, or
 * the budget is spent. `onWait` hears of each timed-out attempt (and may act, e.g. report or
 * end the blockers); after the last one `giveUp` supplies the error to throw.
 */
export async function withLockRetry<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  onWait: (failed: FailedAttempt) => Promise<void>,
  giveUp: (attempts: number, elapsedMs: number) => Error,
  clock: RetryClock = realClock,
): Promise<T> {
  const started = clock.now();
  for (let count = 1; ; count++) {
    const tried = clock.now();
    try {
      return await attempt();
    } catch (error) {
      if (!isLockWaitTimeout(error)) {
        throw error;
      }
      const now = clock.now();
      const delay = backoffMs(count, policy, clock.random());
      // Another attempt needs its back-off and about as long again as this one waited.
      const fits = now - started + delay + (now - tried) <= policy.budgetMs;
      await onWait({ attempt: count, waitedMs: Math.round(now - tried), retryInMs: fits ? delay : null });
      if (!fits) {
        throw giveUp(count, Math.round(now - started));
      }
      await clock.sleep(delay);
    }
  }
}
