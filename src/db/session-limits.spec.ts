import { sessionLimitsSql } from './session-limits.js';

describe('sessionLimitsSql', () => {
  it('bounds statements and lock waits a second after the request deadline, in each server’s own terms', () => {
    expect(sessionLimitsSql('mariadb', 10_000)).toBe(
      'set session max_statement_time = 11, innodb_lock_wait_timeout = 11, lock_wait_timeout = 11',
    );
    expect(sessionLimitsSql('mysql', 1_500)).toBe(
      'set session max_execution_time = 2500, innodb_lock_wait_timeout = 3, lock_wait_timeout = 3',
    );
    expect(sessionLimitsSql('mariadb', 100)).toBe(
      'set session max_statement_time = 1.1, innodb_lock_wait_timeout = 2, lock_wait_timeout = 2',
    );
  });
});
