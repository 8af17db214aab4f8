import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dbProcess } from '../support/db-cli.js';
import { fillRows } from '../support/fill-rows.js';
import { migrationSource } from '../support/migration-source.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { createScratchProject } from '../support/scratch-project.js';
import { planServerName, testFlavor } from '../support/test-env.js';

const PRODUCTION = { NODE_ENV: 'production' };
const CONTRACT = "  phase = 'contract';\n";

/** Fixture migrations sort after the project's own, in the order of their numbers. */
const fixture = (n: number) => `Migration2099123100${String(n).padStart(4, '0')}`;

const fill = (table: string, rows: number) => fillRows(table, 'n, label', "i, CONCAT('row ', i)", rows);

describe('before a migration runs: size-aware guard, data checks, pinned algorithms', () => {
  let database: ScratchDatabase;
  let project: { dir: string; remove(): Promise<void> };

  const run = (args: string[], env: Record<string, string> = {}) =>
    dbProcess(args, database.url, { cwd: project.dir, env });
  const write = (name: string, up: string[], extra = '', down: string[] = []) =>
    writeFile(join(project.dir, 'migrations', `${name}.ts`), migrationSource(name, up, down, extra));
  const columns = async (table: string) =>
    (
      await queryDatabase<{ name: string }>(
        database.name,
        'SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
        [table],
      )
    ).map((column) => column.name);
  const pending = async () => (await run(['status', '--short'])).output;

  beforeAll(async () => {
    database = await createScratchDatabase('ddl_guards');
    project = await createScratchProject();
    expect((await run(['up'])).code).toBe(0);
    for (const table of ['big_things', 'small_things']) {
      await queryDatabase(
        database.name,
        `CREATE TABLE \`${table}\` (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, n INT NULL, label VARCHAR(20) NULL)`,
      );
    }
    await queryDatabase(database.name, fill('big_things', 150_000));
    await queryDatabase(database.name, fill('small_things', 10));
    await queryDatabase(database.name, 'ANALYZE TABLE big_things, small_things');
  }, 180_000);

  afterAll(async () => {
    await project?.remove();
    await database?.drop();
  });

  describe('size-aware production guard', () => {
    it('lets a table copy on a 10-row table through, printing the plan first', async () => {
      await write(fixture(1), ['alter table `small_things` modify `n` bigint null'], '', [
        'alter table `small_things` modify `n` int null',
      ]);
      const up = await run(['up'], PRODUCTION);
      expect(up.code).toBe(0);
      expect(up.stdout).toContain(`Plan (${await planServerName()}), as the server answered:`);
      expect(up.stdout).toMatch(new RegExp(`^${fixture(1)}\\s+1\\s+small_things\\s+~10\\s+.*COPY\\s+SHARED`, 'm'));
      expect(up.stdout).toMatch(new RegExp(`↑ ${fixture(1)}  applied`));
    });

    it('refuses the same change on a 150,000-row table, naming the plan line and the ways out', async () => {
      await write(fixture(2), ['alter table `big_things` modify `n` bigint null'], '', [
        'alter table `big_things` modify `n` int null',
      ]);
      const up = await run(['up'], PRODUCTION);
      expect(up.code).toBe(1);
      expect(up.stderr).toContain(
        `refusing to apply ${fixture(2)} in production: 1 statement(s) would block writes on a table above 100,000 rows`,
      );
      expect(up.stderr).toMatch(new RegExp(`${fixture(2)} #1 on big_things, ~1\\d\\d,\\d{3} rows: COPY, LOCK=SHARED`));
      expect(up.stderr).toContain("add `allowBlocking = '<why>'`");
      expect(up.stderr).toContain("`online = 'pt-osc'`");
      expect(await pending()).toMatch(/1 pending/);
      // Outside production the guard stays out of the way (the plan still pins the statement).
      expect((await run(['up', '--dry-run'])).stdout).toMatch(/big_things\s+~1\d\d,\d{3}\s+.*COPY\s+SHARED/);
    });

    it('applies it once the migration declares allowBlocking, and says so', async () => {
      await write(
        fixture(2),
        ['alter table `big_things` modify `n` bigint null'],
        "  allowBlocking = 'maintenance window #7';\n",
        ['alter table `big_things` modify `n` int null'],
      );
      const up = await run(['up'], PRODUCTION);
      expect(up.code).toBe(0);
      expect(up.stdout).toContain(`note: ${fixture(2)} blocks writes, allowed by its marker (maintenance window #7)`);
      const [type] = await queryDatabase<{ type: string }>(
        database.name,
        "SELECT DATA_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'big_things' AND COLUMN_NAME = 'n'",
      );
      expect(type.type).toBe('bigint');
    });

    it('MIGRATION_BLOCKING_ROWS moves the line', async () => {
      await write(fixture(3), ['alter table `small_things` modify `label` text null'], '', [
        'alter table `small_things` modify `label` varchar(20) null',
      ]);
      const up = await run(['up'], { ...PRODUCTION, MIGRATION_BLOCKING_ROWS: '5' });
      expect(up.code).toBe(1);
      expect(up.stderr).toContain('would block writes on a table above 5 rows');
      expect(up.stderr).toContain('raise MIGRATION_BLOCKING_ROWS (now 5)');
      expect((await run(['up'])).code).toBe(0);
    });

    it('counts the rows of a table whose statistics lag behind a bulk load, rather than trust its estimate', async () => {
      await queryDatabase(
        database.name,
        'CREATE TABLE grown_things (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, n INT NULL, label VARCHAR(20) NULL)',
      );
      // Read while empty: MySQL keeps serving that figure (information_schema_stats_expiry, a
      // day), and InnoDB recalculates its statistics only some time after a bulk load.
      await queryDatabase(
        database.name,
        "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'grown_things'",
      );
      await queryDatabase(database.name, fill('grown_things', 3_000));
      await write(fixture(4), ['alter table `grown_things` modify `n` bigint null'], '', [
        'alter table `grown_things` modify `n` int null',
      ]);
      const up = await run(['up'], { ...PRODUCTION, MIGRATION_BLOCKING_ROWS: '1000' });
      expect(up.code).toBe(1);
      expect(up.stderr).toContain('would block writes on a table above 1,000 rows');
      // Above the line the figure shown is InnoDB's estimate (2,995 has been seen for 3,000 rows);
      // what matters is that it is near the real count, not the empty table's zero.
      const shown = new RegExp(`${fixture(4)} #1 on grown_things, ~([\\d,]+) rows: COPY, LOCK=SHARED`).exec(up.stderr);
      expect(shown).not.toBeNull();
      const rows = Number(shown?.[1].replaceAll(',', ''));
      expect(rows).toBeGreaterThan(2_500);
      expect(rows).toBeLessThan(3_500);
      expect((await run(['up'])).code).toBe(0);
    });
  });

  describe('data checks: refused before the first statement, still pending, applied once the data is fixed', () => {
    beforeAll(async () => {
      await queryDatabase(
        database.name,
        'CREATE TABLE people (id INT NOT NULL PRIMARY KEY, email VARCHAR(100) NULL, nick VARCHAR(50) NULL)',
      );
      await queryDatabase(
        database.name,
        "INSERT INTO people VALUES (1, 'a@example.com', 'a'), (2, 'a@example.com', NULL), (3, 'b@example.com', 'b'), (4, 'b@example.com', NULL), (5, 'b@example.com', 'c'), (6, NULL, 'd'), (7, NULL, 'e')",
      );
    });

    it('a UNIQUE key over duplicated values', async () => {
      await write(fixture(5), [
        'alter table `people` add `note` varchar(10) null',
        'alter table `people` add unique `people_email_unique` (`email`)',
      ]);
      const plan = await run(['plan']);
      expect(plan.stdout).toContain(
        `check ${fixture(5)} #2: UNIQUE (email) on people: values held by more than one row: 2 found, e.g. a@example.com ×2 | b@example.com ×3: the migration will be refused`,
      );
      const up = await run(['up']);
      expect(up.code).toBe(9);
      // Refused before the run's first statement: no run log, and the check names its statement.
      expect(up.stdout).toBe('');
      expect(up.stderr).toContain(`refusing to run ${fixture(5)}: the rows already there would make it fail half-way:`);
      expect(up.stderr).toContain(
        'statement 2 of 2: UNIQUE (email) on people: values held by more than one row: 2, e.g. a@example.com ×2 | b@example.com ×3',
      );
      expect(up.stderr).toContain('Nothing of it ran: it is still pending.');
      // Its first statement did not run; the NULLs (rows 6, 7) were not counted as duplicates.
      expect(await columns('people')).not.toContain('note');
      expect(await pending()).toMatch(/1 pending/);
      await queryDatabase(
        database.name,
        "UPDATE people SET email = CONCAT('p', id, '@example.com') WHERE id IN (2, 4, 5)",
      );
      const fixed = await run(['up']);
      expect(fixed.code).toBe(0);
      expect(await columns('people')).toContain('note');
    });

    it('NOT NULL over NULLs, with the rows named by primary key', async () => {
      // NOT NULL breaks the release still running, which may insert NULLs: a contract migration.
      await write(fixture(6), ['alter table `people` modify `nick` varchar(50) not null'], CONTRACT, [
        'alter table `people` modify `nick` varchar(50) null',
      ]);
      const up = await run(['up', '--contract', '--json']);
      expect(up.code).toBe(9);
      const refused = up.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(refused.find((line) => line.event === 'migration')).toBeUndefined();
      expect(up.stderr).toContain('statement 1 of 1: NOT NULL on people.nick: rows holding NULL: 2, e.g. id=2 | id=4');
      const [nullable] = await queryDatabase<{ nullable: string }>(
        database.name,
        "SELECT IS_NULLABLE AS nullable FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'people' AND COLUMN_NAME = 'nick'",
      );
      expect(nullable.nullable).toBe('YES');
      await queryDatabase(database.name, "UPDATE people SET nick = CONCAT('n', id) WHERE nick IS NULL");
      expect((await run(['up', '--contract'])).code).toBe(0);
    });

    it('a narrower type over values that do not fit, and a foreign key over orphans', async () => {
      await queryDatabase(database.name, 'CREATE TABLE teams (id INT NOT NULL PRIMARY KEY)');
      await queryDatabase(database.name, 'INSERT INTO teams VALUES (1)');
      await queryDatabase(database.name, 'ALTER TABLE people ADD team_id INT NULL');
      await queryDatabase(database.name, 'UPDATE people SET team_id = IF(id = 3, 9, 1)');
      await write(
        fixture(7),
        [
          'alter table `people` modify `email` varchar(13) null',
          'alter table `people` add constraint `people_team_foreign` foreign key (`team_id`) references `teams` (`id`)',
        ],
        CONTRACT,
        [
          'alter table `people` drop foreign key `people_team_foreign`',
          'alter table `people` modify `email` varchar(100) null',
        ],
      );
      const plan = await run(['plan', '--json']);
      const checks = (
        JSON.parse(plan.stdout) as { statements: { checks: { check: { kind: string }; count: number }[] }[] }
      ).statements
        .flatMap((line) => line.checks)
        .map(({ check, count }) => [check.kind, count]);
      expect(checks).toEqual([
        ['fits', 3],
        ['foreign-key', 1],
      ]);
      const up = await run(['up', '--contract']);
      expect(up.code).toBe(9);
      expect(up.stderr).toContain(
        'statement 1 of 2: people.email varchar(100) → varchar(13): rows whose value does not fit: 3, ' +
          "e.g. id=2 holds 'p2@example.com' | id=4 holds 'p4@example.com' | id=5 holds 'p5@example.com'",
      );
      expect(up.stderr).toContain(
        'statement 2 of 2: FOREIGN KEY people (team_id) → teams: rows whose parent is missing: 1, e.g. 9',
      );
      await queryDatabase(database.name, "UPDATE people SET email = CONCAT('p', id, '@ex.jp'), team_id = 1");
      expect((await run(['up', '--contract'])).code).toBe(0);
    });
  });

  describe('pinned execution', () => {
    it('a table changed behind the plan is refused by the server, not silently copied; the next up replans it', async () => {
      await queryDatabase(database.name, 'CREATE TABLE pin_probe (id INT NOT NULL PRIMARY KEY, n INT NULL)');
      await queryDatabase(database.name, 'INSERT INTO pin_probe VALUES (1, 1), (2, 2)');
      // The first migration gives a window in which someone rebuilds the table by hand as
      // ROW_FORMAT=COMPRESSED, where adding a column cannot be instant any more.
      await write(fixture(8), ['do sleep(4)']);
      await write(fixture(9), ['alter table `pin_probe` add `w` int null']);
      const dryRun = await run(['up', '--dry-run']);
      expect(dryRun.stdout).toMatch(new RegExp(`^${fixture(9)}\\s+1\\s+pin_probe\\s.*INSTANT\\s+NONE`, 'm'));
      const up = run(['up']);
      // Once the first migration's sleep runs, the plan has been made.
      for (let waited = 0; ; waited += 50) {
        const sleeping = await queryDatabase(
          database.name,
          "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'do sleep(4)%'",
        );
        if (sleeping.length > 0) {
          break;
        }
        expect(waited).toBeLessThan(60_000);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await queryDatabase(database.name, 'ALTER TABLE pin_probe ROW_FORMAT=COMPRESSED');
      const result = await up;
      expect(result.code).toBe(9);
      expect(result.stdout).toMatch(new RegExp(`↑ ${fixture(8)}  applied`));
      expect(result.stdout).toContain(
        `⏸ ${fixture(9)}  the server refused its planned algorithm at statement 1 of 1; nothing of it ran, still pending`,
      );
      // MySQL's INSTANT takes no LOCK clause (it refuses one with errno 1221); MariaDB's does.
      const pin = (await testFlavor()) === 'mysql' ? 'algorithm=INSTANT' : 'algorithm=INSTANT, lock=NONE';
      expect(result.stderr).toContain(
        `${fixture(9)} statement 1 of 1 was refused by the server with its planned ${pin.toUpperCase()}`,
      );
      expect(result.stderr).toContain(`alter table \`pin_probe\` add \`w\` int null, ${pin}`);
      expect(await columns('pin_probe')).not.toContain('w');
      const replanned = await run(['up', '--dry-run']);
      expect(replanned.stdout).toMatch(
        new RegExp(`^${fixture(9)}\\s+1\\s+pin_probe\\s.*(INPLACE|NOCOPY|COPY)\\s`, 'm'),
      );
      expect((await run(['up'])).code).toBe(0);
      expect(await columns('pin_probe')).toContain('w');
    });
  });
});
