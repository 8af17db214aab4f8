import { formatDatabaseUrl } from '../src/config/database-url.js';
import { runBin } from './support/run-cli.js';
import { adminConnection } from './support/scratch-database.js';
import { testServer } from './support/test-env.js';

/** The app as `npm run start:dev` runs it, from the TypeScript sources. */
function startApp(env: Record<string, string>) {
  return runBin('node', ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    env: { LOG_LEVEL: 'error', ...env },
  });
}

describe('start-up with bad settings', () => {
  it('stops with one line naming the variable and exit code 1', async () => {
    const result = await startApp({ PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'error: Invalid environment variable PORT: must be a whole number from 0 to 65535 (got "eighty")',
    );
  });

  it('stops with one line when the database cannot be reached, without echoing the password', async () => {
    const result = await startApp({
      DATABASE_URL: 'mysql://app:supersecret@127.0.0.1:1/life_platter',
      DATABASE_CONNECT_RETRIES: '0',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'error: cannot connect to MySQL at 127.0.0.1:1 (ECONNREFUSED) — is the MySQL/MariaDB server running there (under compose: `docker compose ps db`)? Set DATABASE_URL to point elsewhere.',
    );
    expect(result.output).not.toContain('supersecret');
  });

  it('refuses to start on a database that does not exist, and creates none', async () => {
    const server = testServer();
    const name = 'lp_no_such_database_test';
    const result = await startApp({
      DATABASE_URL: formatDatabaseUrl({ ...server, database: name }),
      DATABASE_CONNECT_RETRIES: '0',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `error: database "${name}" does not exist on ${server.host}:${server.port} — check the name in DATABASE_URL, ` +
        'or create it and apply the migrations with `npm run db -- up` (the migrate job does this in production)',
    );
    const admin = await adminConnection();
    const [found] = await admin.query('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]);
    await admin.end();
    expect(found).toEqual([]);
  });
});
