import { db, dbProcess } from '../support/db-cli.js';
import { mikroOrm } from '../support/run-cli.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { pipeSql } from '../support/sql-client.js';

const CLOSED_PORT_URL = 'mysql://root@127.0.0.1:1/life_platter';

/** Every column of every table, as information_schema describes it. */
async function columns(database: string) {
  return queryDatabase(
    database,
    `SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE, COLUMN_KEY, EXTRA, COLUMN_COMMENT
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
}

async function trackingRows(database: string) {
  return queryDatabase(database, 'SELECT id, name FROM mikro_orm_migrations ORDER BY id');
}

async function metaRows(database: string) {
  return queryDatabase(
    database,
    'SELECT name, status, checksum, statements FROM mikro_orm_migrations_meta ORDER BY name',
  );
}

describe('db sql: offline SQL rendering', () => {
  let viaUp: ScratchDatabase;
  let viaPipe: ScratchDatabase;
  let viaPipeNoTracking: ScratchDatabase;
  let script: string;

  beforeAll(async () => {
    [viaUp, viaPipe, viaPipeNoTracking] = await Promise.all([
      createScratchDatabase('sql_up'),
      createScratchDatabase('sql_pipe'),
      createScratchDatabase('sql_stamp'),
    ]);
  });
  afterAll(async () => {
    await Promise.all([viaUp?.drop(), viaPipe?.drop(), viaPipeNoTracking?.drop()]);
  });

  it('renders base → head without any database (DATABASE_URL points at a closed port)', async () => {
    const result = await dbProcess(['sql', '--from', 'base', '--to', 'head'], CLOSED_PORT_URL);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    script = result.stdout;
    expect(script).toMatch(/^-- life-platter-api migrations: up from base to head/);
    expect(script).toContain('create table if not exists `mikro_orm_migrations`');
    expect(script).toContain('create table if not exists `mikro_orm_migrations_meta`');
    expect(script).toMatch(/-- migration Migration\d{14} \(up, 2 statements, phase expand\)\ncreate table `cookings`/);
    expect(script).toMatch(/insert into `mikro_orm_migrations` \(`name`\) values \('Migration\d{14}'\);/);
  });

  it('piped into the mysql client gives the same columns and tracking rows as up', async () => {
    expect((await db(['up'], viaUp.url)).code).toBe(0);
    const piped = await pipeSql(viaPipe.target, script);
    expect(piped.stderr).toBe('');
    expect(piped.code).toBe(0);
    expect(await columns(viaPipe.name)).toEqual(await columns(viaUp.name));
    expect(await trackingRows(viaPipe.name)).toEqual(await trackingRows(viaUp.name));
    expect(await metaRows(viaPipe.name)).toEqual(await metaRows(viaUp.name));
    const status = await db(['status', '--json'], viaPipe.url);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.output).upToDate).toBe(true);
  });

  it('renders --down from head to base, which undoes everything when piped', async () => {
    const down = await db(['sql', '--down'], CLOSED_PORT_URL);
    expect(down.code).toBe(0);
    expect(down.output).toContain('drop table if exists `cookings`;');
    expect(down.output).toMatch(/delete from `mikro_orm_migrations` where `name` = 'Migration\d{14}';/);
    expect((await pipeSql(viaPipe.target, down.output)).code).toBe(0);
    const left = await queryDatabase<{ name: string }>(
      viaPipe.name,
      'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME',
    );
    expect(left.map((row) => row.name)).toEqual(['mikro_orm_migrations', 'mikro_orm_migrations_meta']);
    expect(await trackingRows(viaPipe.name)).toEqual([]);
  });

  it('renders a single step with --from/--to, and --pending asks the database once', async () => {
    const history = JSON.parse((await db(['history', '--offline', '--json'], CLOSED_PORT_URL)).output);
    const [first, second] = (history as { name: string }[]).map((row) => row.name);
    const step = await db(['sql', '--from', first, '--to', second], CLOSED_PORT_URL);
    expect(step.output).toContain(`-- migration ${second} (up,`);
    expect(step.output).not.toContain(`-- migration ${first} (up,`);
    await db(['down', '--to', first], viaUp.url);
    const pending = await db(['sql', '--pending'], viaUp.url);
    expect(pending.code).toBe(0);
    expect(pending.output).toContain(`-- migration ${second} (up,`);
    expect(pending.output).not.toContain(`-- migration ${first} (up,`);
    await db(['up'], viaUp.url);
  });

  it('--json gives the statements of each migration and the same script (every command takes --json)', async () => {
    const history = JSON.parse((await db(['history', '--offline', '--json'], CLOSED_PORT_URL)).output);
    const plain = await db(['sql', '--down'], CLOSED_PORT_URL);
    const json = await db(['sql', '--down', '--json'], CLOSED_PORT_URL);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.output);
    expect(report).toMatchObject({ direction: 'down', range: 'from head down to base', dialect: 'mysql' });
    expect(report.migrations.map((entry: { name: string }) => entry.name)).toEqual(
      (history as { name: string }[]).map((row) => row.name).reverse(),
    );
    expect(report.migrations[0].statements.length).toBeGreaterThan(0);
    expect(report.script.trimEnd()).toBe(plain.output.trimEnd());
  });

  it('stamps a database whose tables were created by piping the SQL without tracking rows', async () => {
    const withoutTracking = script
      .split('\n')
      .filter((line) => !/^insert into `mikro_orm_migrations(_meta)?`/.test(line))
      .join('\n');
    expect((await pipeSql(viaPipeNoTracking.target, withoutTracking)).code).toBe(0);

    const up = await mikroOrm(['migration:up'], viaPipeNoTracking.url);
    expect(up.code).not.toBe(0);
    expect(up.output).toMatch(/Table 'cookings' already exists/);
    // Nothing of it ran, so the way out is stamp, not `resolve --rolled-back`.
    expect(up.output).toMatch(/record them: `npm run db -- stamp Migration\d{14}`/);
    // The plan foresaw it: refused before its first statement, nothing recorded as failed.
    expect(up.output).toContain('what it creates is already in the database without being recorded as applied');

    const stamp = await db(['stamp', 'head'], viaPipeNoTracking.url);
    expect(stamp.code).toBe(0);
    expect(stamp.output).toMatch(/recorded as applied: Migration\d{14}/);
    const status = await db(['status'], viaPipeNoTracking.url);
    expect(status.output).toContain('Status    up to date');
    expect(status.code).toBe(0);
    const again = await db(['up'], viaPipeNoTracking.url);
    expect(again.output).toContain('Nothing to apply');
    expect(await trackingRows(viaPipeNoTracking.name)).toHaveLength((await trackingRows(viaUp.name)).length);
  });

  it('stamp base forgets every record without touching the tables', async () => {
    const stamp = await db(['stamp', 'base'], viaPipeNoTracking.url);
    expect(stamp.code).toBe(0);
    expect(await trackingRows(viaPipeNoTracking.name)).toEqual([]);
    expect(await queryDatabase(viaPipeNoTracking.name, 'SELECT COUNT(*) AS n FROM cookings')).toEqual([{ n: 0 }]);
    expect((await db(['status'], viaPipeNoTracking.url)).code).toBe(3);
  });
});
