import { readdirSync } from 'node:fs';
import { db } from '../support/db-cli.js';
import { PROJECT_ROOT } from '../support/run-cli.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';

const MIGRATIONS = readdirSync(`${PROJECT_ROOT}/migrations`)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();

describe('db command: the Alembic-style workflow on a real database', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('workflow');
  });
  afterAll(async () => {
    await database?.drop();
  });

  const run = (...args: string[]) => db(args, database.url);
  const tables = async () =>
    (
      await queryDatabase<{ name: string }>(
        database.name,
        'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME',
      )
    ).map((row) => row.name);
  const tracked = async () =>
    (await queryDatabase<{ name: string }>(database.name, 'SELECT name FROM mikro_orm_migrations ORDER BY id')).map(
      (row) => row.name,
    );

  it('has at least two committed migrations to work with', () => {
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(2);
  });

  it('status on an empty database lists every migration as pending and exits 3', async () => {
    const status = await run('status');
    expect(status.code).toBe(3);
    expect(status.output).toContain(`Applied   0   Pending ${MIGRATIONS.length}`);
    expect(status.output).toContain(`${MIGRATIONS.length} migration(s) to apply: run \`npm run db -- up\``);
    MIGRATIONS.forEach((name) => expect(status.output).toContain(name));
  });

  it('up applies everything with a run log line per migration and a summary', async () => {
    const up = await run('up');
    expect(up.code).toBe(0);
    for (const name of MIGRATIONS) {
      expect(up.output).toMatch(new RegExp(`↑ ${name}  applied, \\d+ statements?, \\d+ ms`));
    }
    expect(up.output).toMatch(new RegExp(`${MIGRATIONS.length} migrations applied \\(\\d+ statements\\) in \\d+ ms`));
    expect(await tracked()).toEqual(MIGRATIONS);
  });

  it('status is up to date (exit 0) and agrees with `mikro-orm migration:list`', async () => {
    const status = await run('status', '--json');
    expect(status.code).toBe(0);
    const report = JSON.parse(status.output);
    expect(report).toMatchObject({
      head: MIGRATIONS[MIGRATIONS.length - 1],
      upToDate: true,
      counts: { applied: MIGRATIONS.length, pending: 0, failed: 0, missingFiles: 0, changed: 0 },
    });
    expect(report.database).toBe(database.url.replace(/:3306/, ':3306'));
  });

  it('down --steps 2 undoes two; status then shows exactly 2 pending and exits 3', async () => {
    const down = await run('down', '--steps', '2');
    expect(down.code).toBe(0);
    expect(down.output).toContain(`↓ ${MIGRATIONS[MIGRATIONS.length - 1]}  reverted`);
    expect(down.output).toContain(`↓ ${MIGRATIONS[MIGRATIONS.length - 2]}  reverted`);
    const status = await run('status', '--json');
    expect(status.code).toBe(3);
    const report = JSON.parse(status.output);
    expect(report.counts.pending).toBe(2);
    expect(report.pending.map((entry: { name: string }) => entry.name)).toEqual(MIGRATIONS.slice(-2));
  });

  it('up --to NAME stops at NAME, and down (no flag) undoes exactly one', async () => {
    await run('up', '--to', MIGRATIONS[MIGRATIONS.length - 2]);
    expect(await tracked()).toEqual(MIGRATIONS.slice(0, -1));
    await run('up');
    expect(await tracked()).toEqual(MIGRATIONS);
    await run('down');
    expect(await tracked()).toEqual(MIGRATIONS.slice(0, -1));
    await run('up');
  });

  it('down --to NAME keeps NAME applied and undoes what came after it', async () => {
    const down = await run('down', '--to', MIGRATIONS[0]);
    expect(down.code).toBe(0);
    expect(await tracked()).toEqual([MIGRATIONS[0]]);
    await run('up');
  });

  it('down --to base leaves only the tracking tables; up restores everything', async () => {
    const down = await run('down', '--to', 'base');
    expect(down.code).toBe(0);
    expect(await tables()).toEqual(['mikro_orm_migrations', 'mikro_orm_migrations_meta']);
    expect(await tracked()).toEqual([]);
    const up = await run('up');
    expect(up.code).toBe(0);
    expect(await tables()).toEqual(expect.arrayContaining(['cookings', 'ingredients', 'cooking_ingredients']));
    expect(await tracked()).toEqual(MIGRATIONS);
  });

  it('up with nothing pending says so and changes nothing', async () => {
    const up = await run('up');
    expect(up.code).toBe(0);
    expect(up.output).toContain('Nothing to apply: the database is up to date.');
  });

  it('history --verbose lists every migration in order with state, time, file and SQL', async () => {
    const history = await run('history', '--verbose');
    expect(history.code).toBe(0);
    const positions = MIGRATIONS.map((name) => history.output.indexOf(`${name}  [applied, expand]  applied 20`));
    positions.forEach((position) => expect(position).toBeGreaterThanOrEqual(0));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(history.output).toContain(`file: migrations/${MIGRATIONS[0]}.ts`);
    expect(history.output).toContain('create table `cookings`');
    expect(history.output).toContain('drop table if exists `cookings`;');
    expect(history.output).toMatch(/checksum: [0-9a-f]{64}/);
  });

  it('history --json gives one row per migration', async () => {
    const rows = JSON.parse((await run('history', '--json')).output);
    expect(rows.map((row: { name: string; state: string }) => [row.name, row.state])).toEqual(
      MIGRATIONS.map((name) => [name, 'applied']),
    );
  });

  it.each([
    [
      ['up', '--to', 'Migration19990101000000'],
      /unknown migration "Migration19990101000000" — known migrations: Migration/,
    ],
    [['down', '--to', 'nope'], /unknown migration "nope"/],
    [['stamp', 'nope'], /unknown migration "nope"/],
    [['sql', '--to', 'nope'], /unknown migration "nope"/],
  ])('refuses an unknown NAME as a bad value (exit 2): %j', async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.output).toMatch(message);
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['down', '--steps', '0'], /--steps takes a positive whole number/],
    [['down', '--steps', '1', '--to', 'base'], /either --steps or --to/],
    [['status', '--bogus'], /`db status` has no option --bogus\. It takes: --short, --allow-contract, --json/],
    [['up', '--contrct'], /`db up` has no option --contrct; did you mean --contract\?/],
    [['stamp'], /usage: db stamp/],
    [['resolve', 'x'], /exactly one of --rolled-back or --applied/],
    [['repair'], /repair --checksums/],
    [['sql', '--dialect', 'oracle'], /--dialect is mysql or mariadb/],
  ])('answers a usage error with exit 2: %j', async (args, message) => {
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.output).toMatch(message);
  });

  it('prints help for every command', async () => {
    expect((await run('--help')).output).toMatch(/Commands:[\s\S]*status[\s\S]*drift/);
    for (const command of [
      'status',
      'history',
      'up',
      'down',
      'sql',
      'stamp',
      'verify',
      'repair',
      'resolve',
      'lint',
      'drift',
    ]) {
      const help = await run(command, '--help');
      expect(help.code).toBe(0);
      expect(help.output).toContain(`Usage: npm run -s db -- ${command}`);
    }
  });
});
