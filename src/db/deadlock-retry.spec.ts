import { DEADLOCK_ERRNO, retryDeadlocks } from './deadlock-retry.js';

const deadlock = () => Object.assign(new Error('Deadlock found when trying to get lock'), { errno: DEADLOCK_ERRNO });

describe('retryDeadlocks', () => {
  it('runs the write again after a deadlock, and returns what it returns', async () => {
    let calls = 0;
    const result = await retryDeadlocks(() => {
      calls++;
      return calls < 3 ? Promise.reject(deadlock()) : Promise.resolve('written');
    });
    expect(result).toBe('written');
    expect(calls).toBe(3);
  });

  it('gives up after five attempts with the last deadlock (a migration on Galera aborts a write once per DDL)', async () => {
    let calls = 0;
    await expect(
      retryDeadlocks(
        () => {
          calls++;
          return Promise.reject(deadlock());
        },
        undefined,
        0,
      ),
    ).rejects.toMatchObject({ errno: DEADLOCK_ERRNO });
    expect(calls).toBe(5);
  });

  it('never repeats a write that failed for another reason', async () => {
    let calls = 0;
    const duplicate = Object.assign(new Error('Duplicate entry'), { errno: 1062 });
    await expect(
      retryDeadlocks(() => {
        calls++;
        return Promise.reject(duplicate);
      }),
    ).rejects.toBe(duplicate);
    expect(calls).toBe(1);
  });
});
