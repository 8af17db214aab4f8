import { db, dbProcess } from '../support/db-cli.js';
import { mikroOrm } from '../support/run-cli.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';

describe('db command: the classic troubleshooting cases', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('db_errors');
    await db(['up'], database.url);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('database unreachable: retries with backoff, then one clear line and exit 1', async () => {
    const result = await dbProcess(['status'], 'mysql://root@127.0.0.1:1/life_platter', {
      env: { DATABASE_CONNECT_RETRIES: '2' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'error: cannot connect to MySQL at 127.0.0.1:1 after 3 attempts (ECONNREFUSED) — is the MySQL/MariaDB server ' +
        'running there (under compose: `docker compose ps db`)? Set DATABASE_URL to point elsewhere.',
    );
  });

  it('a database that does not exist: read-only commands say so in one line and create nothing; up creates it', async () => {
    const missing = `${database.name.slice(0, 40)}_typo_test`;
    const url = database.url.replace(database.name, missing);
    const exists = async () =>
      (await queryDatabase(database.name, 'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [missing]))
        .length > 0;
    try {
      for (const command of [['status'], ['history'], ['verify'], ['drift'], ['down'], ['resolve', 'X', '--applied']]) {
        const result = await db(command, url);
        expect(result.code).toBe(1);
        expect(result.output).toBe(
          `error: database "${missing}" does not exist on ${database.target.host}:${database.target.port} — check the name ` +
            'in DATABASE_URL, or create it and apply the migrations with `npm run db -- up` (the migrate job does this in production)',
        );
      }
      expect(await exists()).toBe(false);
      const up = await db(['up'], url);
      expect(up.code).toBe(0);
      expect(await exists()).toBe(true);
    } finally {
      await queryDatabase(database.name, `DROP DATABASE IF EXISTS \`${missing}\``);
    }
  });

  it('npx mikro-orm with a closed port or a wrong password: one line and exit 1, no help text or stack', async () => {
    const closed = await mikroOrm(['migration:up'], 'mysql://root@127.0.0.1:1/life_platter', {
      env: { DATABASE_CONNECT_RETRIES: '0' },
    });
    expect(closed.code).toBe(1);
    expect(closed.output.trim().split('\n')).toEqual([
      'error: cannot connect to MySQL at 127.0.0.1:1 (ECONNREFUSED) — is the MySQL/MariaDB server running there ' +
        '(under compose: `docker compose ps db`)? Set DATABASE_URL to point elsewhere.',
    ]);
    const denied = await mikroOrm(['migration:list'], database.url.replace('root', 'no_such_user_lp'), {});
    expect(denied.code).toBe(1);
    expect(denied.output.trim().split('\n')).toHaveLength(1);
    expect(denied.output).toMatch(/^error: MySQL at .* refused user "no_such_user_lp"/);
  });

  it('a migration recorded as applied whose file is gone is named, and up/down refuse', async () => {
    await queryDatabase(database.name, "INSERT INTO mikro_orm_migrations (name) VALUES ('Migration20000101000000')");
    const status = await db(['status'], database.url);
    expect(status.code).toBe(4);
    expect(status.output).toContain(
      'problem: migration Migration20000101000000 is recorded as applied but its file is missing from migrations/',
    );
    for (const command of ['up', 'down']) {
      const refused = await db([command], database.url);
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(
        new RegExp(`refusing to migrate ${command}:[\\s\\S]*Migration20000101000000 .*file is missing`),
      );
    }
    const history = await db(['history'], database.url);
    expect(history.output).toMatch(/Migration20000101000000\s+missing-file/);
    await queryDatabase(database.name, "DELETE FROM mikro_orm_migrations WHERE name = 'Migration20000101000000'");
    expect((await db(['status'], database.url)).code).toBe(0);
  });

  it('status against a database that is behind says how many are pending and how to apply them', async () => {
    await db(['down'], database.url);
    const status = await db(['status'], database.url);
    expect(status.code).toBe(3);
    expect(status.output).toContain(
      'Status    1 migration(s) to apply: run `npm run db -- up` (or `npx mikro-orm migration:up`).',
    );
    await db(['up'], database.url);
  });

  it('exit codes of the real entry point: 0 up to date, 3 pending, 2 usage', async () => {
    expect((await dbProcess(['status'], database.url)).code).toBe(0);
    await db(['down'], database.url);
    const pending = await dbProcess(['status', '--json'], database.url);
    expect(pending.code).toBe(3);
    expect(JSON.parse(pending.stdout).counts.pending).toBe(1);
    expect((await dbProcess(['status', '--nope'], database.url)).code).toBe(2);
    await db(['up'], database.url);
  });
});
