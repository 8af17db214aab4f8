import { jest } from '@jest/globals';
import { AttemptEndedError, lockFirst, QUERY_INTERRUPTED_ERRNO, type AttemptEnder } from './lock-first.js';
import { isLockWaitTimeout } from './lock-retry.js';

const interrupted = () =>
  Object.assign(new Error('Query execution was interrupted'), { errno: QUERY_INTERRUPTED_ERRNO });

/**
 * A connection whose LOCK TABLES is answered by `answerLock` (granted or ended), recording
 * every statement and kill in order; a kill's round trip takes `killMs`.
 */
function fakeServer(answerLock: (ended: Promise<void>) => Promise<void>, killMs = 5) {
  const log: string[] = [];
  let endedNow!: () => void;
  const ended = new Promise<void>((resolve) => (endedNow = resolve));
  const session = {
    connectionId: 42,
    async query(sql: string) {
      log.push(sql);
      if (sql.startsWith('lock tables')) {
        await answerLock(ended);
      }
    },
  };
  const ender: AttemptEnder = {
    async endQuery(id) {
      log.push(`kill query ${id} sent`);
      endedNow();
      await new Promise((resolve) => setTimeout(resolve, killMs));
      log.push('kill query done');
    },
  };
  return { session, ender, log };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('lockFirst', () => {
  it('runs the work under the lock when it is granted in time, and unlocks', async () => {
    const { session, ender, log } = fakeServer(() => Promise.resolve());
    const outcome = await lockFirst(session, ender, 'cookings', 50, () => {
      log.push('alter');
      return Promise.resolve('done');
    });
    expect(outcome).toEqual({ ran: true, result: 'done' });
    expect(log).toEqual(['lock tables `cookings` write', 'alter', 'unlock tables']);
  });

  it('ends a lock still pending at the wait, never runs the work, and reads as a lock wait time-out', async () => {
    const { session, ender, log } = fakeServer((ended) => ended.then(() => Promise.reject(interrupted())));
    const work = jest.fn(() => Promise.resolve());
    const attempt = lockFirst(session, ender, 'cookings', 20, work);
    await expect(attempt).rejects.toBeInstanceOf(AttemptEndedError);
    await attempt.catch((error: unknown) => expect(isLockWaitTimeout(error)).toBe(true));
    expect(work).not.toHaveBeenCalled();
    expect(log).toEqual(['lock tables `cookings` write', 'kill query 42 sent', 'kill query done', 'unlock tables']);
  });

  it('when the lock is granted as the kill leaves, waits for the kill to land before the work', async () => {
    // Granted 1 ms after the timer fired; the kill's round trip takes 30 ms more.
    const { session, ender, log } = fakeServer(async (ended) => {
      await ended;
      await sleep(1);
    }, 30);
    const outcome = await lockFirst(session, ender, 'cookings', 10, () => {
      log.push('alter');
      return Promise.resolve('done');
    });
    expect(outcome).toEqual({ ran: true, result: 'done' });
    expect(log).toEqual([
      'lock tables `cookings` write',
      'kill query 42 sent',
      'kill query done',
      'do 0',
      'alter',
      'unlock tables',
    ]);
  });

  it('unlocks when the work fails, and passes its error on', async () => {
    const { session, ender, log } = fakeServer(() => Promise.resolve());
    await expect(
      lockFirst(session, ender, 'a`b', 50, () => Promise.reject(new Error('Duplicate column name'))),
    ).rejects.toThrow('Duplicate column name');
    expect(log).toEqual(['lock tables `a``b` write', 'unlock tables']);
  });

  it('tells the caller when the user may not lock tables', async () => {
    const denied = Object.assign(new Error('LOCK TABLES command denied'), { errno: 1142 });
    const { session, ender } = fakeServer(() => Promise.reject(denied));
    expect(
      await lockFirst(
        session,
        ender,
        'cookings',
        50,
        jest.fn(() => Promise.resolve()),
      ),
    ).toEqual({ ran: false, reason: 'no-lock-right' });
  });
});
