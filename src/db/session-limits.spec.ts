import { sessionLimitsSql } from './session-limits.js';

describe('sessionLimitsSql', () => {
  it('bounds statements and lock waits by the request deadline, in each server’s own terms', () => {
    expect(sessionLimitsSql('mariadb', 10_000)).toBe(
      'set session max_statement_time = 10, innodb_lock_wait_timeout = 10, lock_wait_timeout = 10',
    );
    expect(sessionLimitsSql('mysql', 1_500)).toBe(
      'set session max_execution_time = 1500, innodb_lock_wait_timeout = 2, lock_wait_timeout = 2',
    );
    expect(sessionLimitsSql('mariadb', 100)).toBe(
      'set session max_statement_time = 0.1, innodb_lock_wait_timeout = 1, lock_wait_timeout = 1',
    );
  });
});
