import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDatabaseUrl } from '../../src/config/database-url.js';
import { dbProcess } from '../support/db-cli.js';
import { migrationSource } from '../support/migration-source.js';
import { mikroOrm } from '../support/run-cli.js';
import { createRelease, startRelease, type Release } from '../support/release.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';

const PRODUCTION = { NODE_ENV: 'production' };
const E1 = 'Migration20991231000001';
const C2 = 'Migration20991231000002';
const E3 = 'Migration20991231000003';

async function addMigration(release: Release, name: string, up: string, down: string, contract = false) {
  await writeFile(
    join(release.dir, 'migrations', `${name}.ts`),
    migrationSource(
      name,
      [up],
      [down],
      contract ? "  phase = 'contract';\n  allowDestructive = 'old_flag is no longer used';\n" : '',
    ),
  );
}

/** E1 adds a column, C2 (contract) drops it: an expand/contract pair of one release. */
async function addFlagAndItsDrop(release: Release) {
  await addMigration(
    release,
    E1,
    'alter table `cookings` add `old_flag` int null',
    'alter table `cookings` drop column `old_flag`',
  );
  await addMigration(
    release,
    C2,
    'alter table `cookings` drop column `old_flag`',
    'alter table `cookings` add `old_flag` int null',
    true,
  );
}

async function columnsOfCookings(database: ScratchDatabase): Promise<string[]> {
  const rows = await queryDatabase<{ name: string }>(
    database.name,
    "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cookings'",
  );
  return rows.map((row) => row.name);
}

describe('ordering: an expand migration behind a pending contract one', () => {
  let database: ScratchDatabase;
  let release: Release;
  const run = (args: string[], env: Record<string, string> = PRODUCTION) =>
    dbProcess(args, database.url, { cwd: release.dir, env });

  beforeAll(async () => {
    database = await createScratchDatabase('order');
    release = await createRelease('order');
    expect((await run(['up'])).code).toBe(0);
    await addFlagAndItsDrop(release);
    await addMigration(
      release,
      E3,
      'alter table `cookings` add `rating` int null',
      'alter table `cookings` drop column `rating`',
    );
  });
  afterAll(async () => {
    await release?.remove();
    await database?.drop();
  });

  it('up refuses with exit 11, applies nothing, and names the contract migration and both ways out', async () => {
    const up = await run(['up']);
    expect(up.code).toBe(11);
    expect(up.stderr).toContain(
      `error: refusing to migrate up: expand migration(s) ${E3} wait behind contract migration(s) ${C2}, which run first; nothing was applied.`,
    );
    expect(up.stderr).toContain('`npm run db -- up --contract`');
    expect(up.stderr).toContain(`\`npm run db -- up --to ${E1}\``);
    expect(await columnsOfCookings(database)).not.toContain('old_flag');
    // The MikroORM CLI refuses the same way and does not claim to be at the latest version.
    const cli = await mikroOrm(['migration:up'], database.url, { cwd: release.dir, env: PRODUCTION });
    expect(cli.code).not.toBe(0);
    expect(cli.output).toContain(`wait behind contract migration(s) ${C2}`);
    expect(cli.output).not.toContain('Successfully migrated');
  });

  it('each way out works as printed: up --to E1, then up --contract applies C2 and E3 in order', async () => {
    const first = await run(['up', '--to', E1]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`↑ ${E1} {2}applied`));
    expect(await columnsOfCookings(database)).toContain('old_flag');
    // E3 is still needed by this build: status says behind (3), not a contract window.
    const status = await run(['status'], {});
    expect(status.code).toBe(3);
    expect(status.stdout).toContain(`expand migration(s) ${E3} wait behind pending contract migration(s)`);
    const rest = await run(['up', '--contract']);
    expect(rest.stderr).toBe('');
    expect(rest.code).toBe(0);
    expect(rest.stdout.indexOf(`↑ ${C2}`)).toBeLessThan(rest.stdout.indexOf(`↑ ${E3}`));
    const columns = await columnsOfCookings(database);
    expect(columns).toContain('rating');
    expect(columns).not.toContain('old_flag');
    const history = await run(['history'], {});
    expect(history.stdout).toMatch(
      new RegExp(`${E1}\\s+applied\\s+expand[\\s\\S]*${C2}\\s+applied\\s+contract[\\s\\S]*${E3}\\s+applied\\s+expand`),
    );
  });
});

describe('a contract window: readiness, status, offline SQL', () => {
  let database: ScratchDatabase;
  let release: Release;
  const run = (args: string[], env: Record<string, string> = {}) =>
    dbProcess(args, database.url, { cwd: release.dir, env });

  beforeAll(async () => {
    database = await createScratchDatabase('window');
    release = await createRelease('window');
    // A database a release already runs on: on an empty one, contract migrations apply with the rest.
    expect((await run(['up'], PRODUCTION)).code).toBe(0);
    await addFlagAndItsDrop(release);
    expect((await run(['up'], PRODUCTION)).code).toBe(0);
  });
  afterAll(async () => {
    await release?.remove();
    await database?.drop();
  });

  it('status exits 12 with only contract migrations pending, 0 with --allow-contract', async () => {
    const status = await run(['status']);
    expect(status.stdout).toContain(
      'Status    contract window: 1 contract migration(s) wait for their window: `npm run db -- up --contract` once every replica runs this release.',
    );
    expect(status.code).toBe(12);
    expect((await run(['status', '--allow-contract'])).code).toBe(0);
  });

  it('sql --pending is what up would apply (nothing); with --contract it holds the contract migration, labelled', async () => {
    const pending = await run(['sql', '--pending']);
    expect(pending.code).toBe(0);
    expect(pending.stdout).not.toContain(`-- migration ${C2}`);
    expect(pending.stdout).toContain('1 contract migration(s) wait: add --contract for them');
    const contract = await run(['sql', '--pending', '--contract']);
    expect(contract.stdout).toContain(`-- migration ${C2} (up, 1 statement, phase contract)`);
    expect(contract.stdout).toContain('alter table `cookings` drop column `old_flag`;');
  });

  it('the API is ready in its own contract window, and not while a migration it needs is pending', async () => {
    const app = await startRelease(release, database.url);
    try {
      const ready = await fetch(`${app.base}/health/ready`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { info: { schema: { contractWindow: string[] } } };
      expect(body.info.schema.contractWindow).toEqual([C2]);
      // The next build adds an expand migration after the contract one: this build needs it.
      await addMigration(
        release,
        E3,
        'alter table `cookings` add `rating` int null',
        'alter table `cookings` drop column `rating`',
      );
    } finally {
      await app.stop();
    }
    const next = startRelease(release, database.url);
    await expect(next).rejects.toThrow(/schema is behind: 2 migration\(s\) pending that this build needs/);
    await rm(join(release.dir, 'migrations', `${E3}.ts`));
  });
});

describe('production down: the loss report for every form', () => {
  let database: ScratchDatabase;
  let release: Release;
  const run = (args: string[], env: Record<string, string> = PRODUCTION) =>
    dbProcess(args, database.url, { cwd: release.dir, env });

  beforeAll(async () => {
    database = await createScratchDatabase('downloss');
    release = await createRelease('downloss');
    expect((await run(['up'])).code).toBe(0);
    await queryDatabase(database.name, "INSERT INTO ingredients (name) VALUES ('salt'), ('miso')");
  });
  afterAll(async () => {
    await release?.remove();
    await database?.drop();
  });

  // The newest two (the name index's leases, its grams) hold no rows; the third holds the ingredients.
  it.each([[['down', '--steps', '3']], [['downgrade', '-3']]])(
    '%j refuses without --force, naming the table and its rows',
    async (args) => {
      const down = await run(args);
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(/refusing to migrate down 3 migration\(s\) \(.+\) in production without --force/);
      expect(down.stderr).toContain('table ingredients (2 rows)');
      expect(await queryDatabase(database.name, 'SELECT COUNT(*) AS n FROM ingredients')).toEqual([{ n: 2 }]);
    },
  );

  it('a down that loses nothing runs; with --force the lossy one runs and says what it lost', async () => {
    const harmless = await run(['down', '--steps', '1']);
    expect(harmless.code).toBe(0);
    expect((await run(['up'])).code).toBe(0);
    const forced = await run(['down', '--steps', '3', '--force']);
    expect(forced.output).toContain('table ingredients (2 rows)');
    expect(forced.code).toBe(0);
  });
});

describe('a migration that creates a trigger, applied by a user without SUPER', () => {
  let database: ScratchDatabase;
  let release: Release;
  const user = `lp_trig_${process.pid}`;

  beforeAll(async () => {
    database = await createScratchDatabase('trigger');
    release = await createRelease('trigger');
    await queryDatabase(database.name, `CREATE USER '${user}'@'%' IDENTIFIED BY 'trigger-pw'`);
    await queryDatabase(database.name, `GRANT ALL ON \`${database.name}\`.* TO '${user}'@'%'`);
    await addMigration(
      release,
      E1,
      'create trigger `cookings_trim` before insert on `cookings` for each row set new.`name` = trim(new.`name`)',
      'drop trigger if exists `cookings_trim`',
    );
  });
  afterAll(async () => {
    await queryDatabase(database.name, `DROP USER IF EXISTS '${user}'@'%'`);
    await release?.remove();
    await database?.drop();
  });

  it('is refused before its first statement when the server logs binary and does not trust the creator', async () => {
    const url = formatDatabaseUrl({ ...database.target, user, password: 'trigger-pw' });
    const [server] = await queryDatabase<{ bin: number; trust: number }>(
      database.name,
      'SELECT @@global.log_bin AS bin, @@global.log_bin_trust_function_creators AS trust',
    );
    const up = await dbProcess(['up'], url, { cwd: release.dir });
    const triggers = await queryDatabase(database.name, 'SHOW TRIGGERS');
    if (Number(server.bin) && !Number(server.trust)) {
      // MySQL's default: binary logging on. The server would refuse CREATE TRIGGER half-way.
      expect(up.stderr).toContain(`refusing to apply ${E1}: it creates a trigger, binary logging is on and ${user}@`);
      expect(up.stderr).toContain('SET PERSIST log_bin_trust_function_creators = 1');
      expect(up.code).toBe(1);
      expect(triggers).toEqual([]);
    } else {
      // MariaDB's default (no binary log), or a server that trusts creators: nothing to refuse.
      expect(up.code).toBe(0);
      expect(triggers).toHaveLength(1);
    }
  });
});
