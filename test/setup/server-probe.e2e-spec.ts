import { MariaDbDriver } from '@mikro-orm/mariadb';
import { ProjectMySqlDriver } from '../../src/db/mysql-driver.js';
import { createOrmConfig } from '../../src/db/orm-config.js';
import { testConfig, testServer } from '../support/test-env.js';
import { DatabaseConnectError } from '../../src/db/database-connect.error.js';
import { probeServer } from '../../src/db/server-probe.js';

describe('probeServer', () => {
  it('tells MariaDB from MySQL by the version the server reports', async () => {
    const info = await probeServer(testServer());
    expect(info.flavor).toBe(/mariadb/i.test(info.version) ? 'mariadb' : 'mysql');
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('makes the one ORM config pick the driver of the server reached, or the one given', async () => {
    const info = await probeServer(testServer());
    const probed = await createOrmConfig(testConfig('any_test'));
    expect(probed.driver).toBe(info.flavor === 'mariadb' ? MariaDbDriver : ProjectMySqlDriver);
    expect((await createOrmConfig(testConfig('any_test'), { flavor: 'mysql' })).driver).toBe(ProjectMySqlDriver);
  });

  it('gives up on a closed port after the given retries with one clear line', async () => {
    const closed = { ...testServer(), host: '127.0.0.1', port: 1 };
    const retries: number[] = [];
    const failure = probeServer(closed, {
      retries: 2,
      initialDelayMs: 10,
      onRetry: (attempt) => retries.push(attempt),
    });
    await expect(failure).rejects.toThrow(DatabaseConnectError);
    await expect(probeServer(closed)).rejects.toThrow(
      'cannot connect to MySQL at 127.0.0.1:1 (ECONNREFUSED) — is the MySQL/MariaDB server running there (under compose: `docker compose ps db`)? Set DATABASE_URL to point elsewhere.',
    );
    expect(retries).toEqual([1, 2]);
  });

  it('does not retry when the server refuses the login', async () => {
    const wrongUser = { ...testServer(), user: 'no_such_user_lp', password: 'x' };
    const retries: number[] = [];
    await expect(probeServer(wrongUser, { retries: 3, onRetry: (attempt) => retries.push(attempt) })).rejects.toThrow(
      /refused user "no_such_user_lp" \(ER_ACCESS_DENIED_ERROR\)/,
    );
    expect(retries).toEqual([]);
  });
});
