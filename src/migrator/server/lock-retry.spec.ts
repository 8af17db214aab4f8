import { backoffMs, isLockWaitTimeout, withLockRetry, type FailedAttempt, type RetryClock } from './lock-retry.js';

const lockWait = () =>
  Object.assign(new Error('Lock wait timeout exceeded; try restarting transaction'), { errno: 1205 });

/** A clock where each attempt takes `attemptMs` and sleeps take what they ask, with no real waiting. */
function fakeClock(attemptMs: number, random = 0.5) {
  let now = 0;
  const sleeps: number[] = [];
  const clock: RetryClock = {
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    random: () => random,
  };
  const attempt = (failures: number) => {
    let count = 0;
    return () => {
      now += attemptMs;
      return ++count <= failures ? Promise.reject(lockWait()) : Promise.resolve(`done after ${count}`);
    };
  };
  return { clock, sleeps, attempt };
}

const POLICY = { budgetMs: 10_000, baseDelayMs: 250, maxDelayMs: 2_000 };

describe('backoffMs', () => {
  it('doubles up to the cap, with half of it jittered', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, POLICY, 0))).toEqual([
      125, 250, 500, 1000, 1000, 1000,
    ]);
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, POLICY, 0.999))).toEqual([
      250, 500, 1000, 1999, 1999, 1999,
    ]);
  });
});

describe('withLockRetry', () => {
  it('retries lock wait time-outs, reporting each, until the statement goes through', async () => {
    const { clock, sleeps, attempt } = fakeClock(1_000);
    const waits: FailedAttempt[] = [];
    const result = await withLockRetry(
      attempt(3),
      POLICY,
      (failed) => {
        waits.push(failed);
        return Promise.resolve();
      },
      () => new Error('gave up'),
      clock,
    );
    expect(result).toBe('done after 4');
    expect(waits.map((wait) => [wait.attempt, wait.waitedMs])).toEqual([
      [1, 1000],
      [2, 1000],
      [3, 1000],
    ]);
    expect(sleeps).toEqual([188, 375, 750]);
  });

  it('gives up when another attempt would not fit in the budget, saying so on the last report', async () => {
    const { clock, attempt } = fakeClock(1_000);
    const waits: FailedAttempt[] = [];
    const failure = withLockRetry(
      attempt(100),
      { ...POLICY, budgetMs: 5_000 },
      (failed) => {
        waits.push(failed);
        return Promise.resolve();
      },
      (attempts, elapsedMs) => new Error(`gave up after ${attempts} in ${elapsedMs} ms`),
      clock,
    );
    await expect(failure).rejects.toThrow('gave up after 3 in 3563 ms');
    expect(waits.at(-1)?.retryInMs).toBeNull();
    expect(waits.slice(0, -1).every((wait) => wait.retryInMs !== null)).toBe(true);
  });

  it('passes any other error straight through, and a zero budget allows exactly one attempt', async () => {
    const { clock } = fakeClock(10);
    const other = withLockRetry(
      () => Promise.reject(new Error('syntax')),
      POLICY,
      () => Promise.resolve(),
      () => new Error('x'),
      clock,
    );
    await expect(other).rejects.toThrow('syntax');
    const once = withLockRetry(
      () => Promise.reject(lockWait()),
      { ...POLICY, budgetMs: 0 },
      () => Promise.resolve(),
      () => new Error('spent'),
      clock,
    );
    await expect(once).rejects.toThrow('spent');
    expect(isLockWaitTimeout({ errno: 1205 })).toBe(true);
    expect(isLockWaitTimeout({ errno: 1213 })).toBe(false);
  });
});
