import type { RowDataPacket } from 'mysql2/promise';
import { formatDatabaseUrl } from '../../src/config/database-url.js';
import { productionEnvironment } from '../support/app-process.js';
import { freePort } from '../support/free-port.js';
import { runBin, startBin } from '../support/run-cli.js';
import { adminConnection, createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { migrateUp } from '../support/test-app.js';
import { testConfig, testServer } from '../support/test-env.js';
import { waitFor } from '../support/wait-for.js';

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

describe('the start-up line', () => {
  let db: ScratchDatabase;

  beforeAll(async () => {
    db = await createScratchDatabase('startup_line');
    await migrateUp(testConfig(db.name));
  });
  afterAll(() => db?.drop());

  it.each([
    ['0.0.0.0', ' (every IPv4 interface)'],
    ['127.0.0.1', ''],
  ])('names the address the socket is bound to (HOST=%s)', async (host, note) => {
    const port = await freePort();
    const app = startBin('node', ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
      env: { ...productionEnvironment(db.url, port, { LOG_LEVEL: 'info' }), HOST: host },
    });
    try {
      await waitFor(() => Promise.resolve(app.output().includes('listening on')), 'the start-up line', 60_000);
      // It said http://127.0.0.1:PORT for a server bound to 0.0.0.0.
      expect(app.output()).toContain(`listening on http://${host}:${port}${note} (database `);
    } finally {
      app.kill('SIGTERM');
      await app.done;
    }
  });

  it('a second Ctrl-C while closing (node --watch passes the terminal’s on) does not cut the clean stop short', async () => {
    const port = await freePort();
    const app = startBin('node', ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
      env: { ...productionEnvironment(db.url, port, { LOG_LEVEL: 'info' }), HOST: '127.0.0.1' },
    });
    const admin = await adminConnection(db.name);
    try {
      await waitFor(() => Promise.resolve(app.output().includes('listening on')), 'the start-up line', 60_000);
      // Hold the stop open: a gap lock where a new name's grams go keeps the name index's last
      // round (which a clean stop waits for) waiting until this transaction ends.
      await admin.query('START TRANSACTION');
      await admin.query("SELECT * FROM cooking_name_grams WHERE gram = 'ぼう' FOR UPDATE");
      const created = await fetch(`http://127.0.0.1:${port}/cookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: '待ちぼうけ鍋' }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: number };
      app.kill('SIGINT');
      await waitFor(() => Promise.resolve(app.output().includes('SIGINT received: finishing')), 'the first', 10_000);
      app.kill('SIGINT');
      await waitFor(() => Promise.resolve(app.output().includes('SIGINT received again')), 'the second', 5_000);
      await admin.query('COMMIT');
      const stopped = await app.done;
      expect(stopped.code).toBe(0);
      // The stop ran to its end: the pending name was indexed and the lease given back.
      const [grams] = await admin.query<RowDataPacket[]>(
        'SELECT COUNT(*) AS n FROM cooking_name_grams WHERE cooking_id = ?',
        [id],
      );
      expect(Number(grams[0].n)).toBeGreaterThan(0);
      const [leases] = await admin.query('SELECT owner FROM cooking_name_index_leases');
      expect(leases).toEqual([]);
    } finally {
      app.kill('SIGKILL');
      await admin.end();
    }
  });
});
