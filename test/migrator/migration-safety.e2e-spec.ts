import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dbProcess } from '../support/db-cli.js';
import { migrationSource } from '../support/migration-source.js';
import { mikroOrm } from '../support/run-cli.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { createScratchProject } from '../support/scratch-project.js';

describe('migration safety (checksums, missing files, out of order, failed state) in a scratch copy', () => {
  let database: ScratchDatabase;
  let project: Awaited<ReturnType<typeof createScratchProject>>;
  let migrationsDir: string;
  let first: string;

  const run = (...args: string[]) => dbProcess(args, database.url, { cwd: project.dir });
  const tracked = async () =>
    (await queryDatabase<{ name: string }>(database.name, 'SELECT name FROM mikro_orm_migrations ORDER BY id')).map(
      (row) => row.name,
    );

  beforeAll(async () => {
    database = await createScratchDatabase('safety');
    project = await createScratchProject();
    migrationsDir = join(project.dir, 'migrations');
    first = (await readdir(migrationsDir))
      .filter((file) => file.endsWith('.ts'))
      .sort()[0]
      .replace(/\.ts$/, '');
    expect((await run('up')).code).toBe(0);
  });
  afterAll(async () => {
    await project?.remove();
    await database?.drop();
  });

  describe('checksums', () => {
    let original: string;

    beforeAll(async () => {
      original = await readFile(join(migrationsDir, `${first}.ts`), 'utf8');
      await writeFile(
        join(migrationsDir, `${first}.ts`),
        original.replace("comment = '料理'", "comment = '料理（編集）'"),
      );
    });
    afterAll(async () => {
      await writeFile(join(migrationsDir, `${first}.ts`), original);
    });

    it('status, up and down refuse, naming the edited file', async () => {
      const status = await run('status');
      expect(status.code).toBe(4);
      expect(status.stdout).toMatch(
        new RegExp(`problem: migration ${first} \\(.*migrations/${first}\\.ts\\) was changed after it was applied`),
      );
      for (const command of ['up', 'down']) {
        const refused = await run(command);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(
          new RegExp(`refusing to migrate ${command}:[\\s\\S]*${first}.*was changed after it was applied`),
        );
      }
      const cli = await mikroOrm(['migration:up'], database.url, { cwd: project.dir });
      expect(cli.code).not.toBe(0);
      expect(cli.output).toMatch(/was changed after it was applied/);
    });

    it('verify reports every problem at once with a non-zero exit', async () => {
      const missing = (await readdir(migrationsDir)).filter((file) => file.endsWith('.ts')).sort()[1];
      await rename(join(migrationsDir, missing), join(project.dir, missing));
      try {
        const verify = await run('verify', '--json');
        expect(verify.code).toBe(4);
        const report = JSON.parse(verify.stdout);
        expect(report.ok).toBe(false);
        expect(report.problems).toEqual([
          expect.stringContaining(`${first} (`),
          expect.stringContaining(`${missing.replace(/\.ts$/, '')} is recorded as applied but its file is missing`),
        ]);
      } finally {
        await rename(join(project.dir, missing), join(migrationsDir, missing));
      }
    });

    it('repair --checksums re-records a deliberate edit, after which status is clean', async () => {
      const repair = await run('repair', '--checksums');
      expect(repair.code).toBe(0);
      expect(repair.stdout).toContain(`checksum re-recorded: ${first}`);
      expect((await run('status')).code).toBe(0);
      await writeFile(join(migrationsDir, `${first}.ts`), original);
      expect((await run('status')).code).toBe(4);
      expect((await run('repair', '--checksums')).code).toBe(0);
      expect((await run('status')).code).toBe(0);
    });
  });

  describe('out-of-order migrations', () => {
    const early = 'Migration20000101000000';

    afterAll(async () => {
      await rm(join(migrationsDir, `${early}.ts`), { force: true });
      await queryDatabase(database.name, 'DROP TABLE IF EXISTS early_bird');
      await queryDatabase(database.name, 'DELETE FROM mikro_orm_migrations WHERE name = ?', [early]);
      await queryDatabase(database.name, 'DELETE FROM mikro_orm_migrations_meta WHERE name = ?', [early]);
    });

    it('are reported and applied only with the explicit flag', async () => {
      await writeFile(
        join(migrationsDir, `${early}.ts`),
        migrationSource(
          early,
          ['create table `early_bird` (`id` int not null primary key)'],
          ['drop table `early_bird`'],
        ),
      );
      const status = await run('status');
      expect(status.code).toBe(4);
      expect(status.stdout).toMatch(/Migration20000101000000 .*out of order/);
      const refused = await run('up');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/Migration20000101000000 is pending but sorts before the last applied migration/);
      const allowed = await run('up', '--allow-out-of-order');
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).toContain(`↑ ${early}  applied, 1 statement`);
      expect(await tracked()).toContain(early);
    });
  });

  describe('a failure the plan foresees: refused before the first statement', () => {
    const foreseen = 'Migration20990101000000';

    afterAll(() => rm(join(migrationsDir, `${foreseen}.ts`)));

    it('is refused, still pending, with nothing applied (exit 9), and says how to go on', async () => {
      await writeFile(
        join(migrationsDir, `${foreseen}.ts`),
        migrationSource(foreseen, [
          'create table `half_done` (`id` int not null primary key)',
          'alter table `cookings` add index `nope_index` (`nope`)',
        ]),
      );
      const up = await run('up');
      expect(up.code).toBe(9);
      expect(up.stderr).toMatch(
        new RegExp(
          `refusing to migrate up: the plan shows ${foreseen} statement 2 of 2 failing on this schema \\(.*nope.*\\); nothing was applied`,
        ),
      );
      expect(up.stderr).toContain('npm run db -- plan');
      const tables = await queryDatabase(database.name, "SHOW TABLES LIKE 'half_done'");
      expect(tables).toEqual([]);
      expect(JSON.parse((await run('status', '--json')).stdout)).toMatchObject({
        counts: { failed: 0 },
        pending: [expect.objectContaining({ name: foreseen })],
      });
    });
  });

  describe('failed state (MySQL does not roll back DDL)', () => {
    const broken = 'Migration20990101000000';
    // The second statement fails on the live rows, which the plan does not run: a failure it cannot foresee.
    const statements = [
      'create table `half_done` (`id` int not null primary key)',
      'insert into `no_such_table` values (1)',
      'create table `never_created` (`id` int not null primary key)',
    ];

    beforeAll(async () => {
      await writeFile(
        join(migrationsDir, `${broken}.ts`),
        migrationSource(broken, statements, ['drop table if exists `half_done`']),
      );
    });

    it('records a migration whose second statement fails as failed, with the statement index and the ways out', async () => {
      const up = await run('up');
      expect(up.code).toBe(1);
      expect(up.stdout).toMatch(new RegExp(`✗ ${broken}  FAILED at statement 2 of 3`));
      expect(up.stderr).toMatch(new RegExp(`${broken} up: statement 2 of 3 failed: .*no_such_table`));
      expect(up.stderr).toContain('Statement 1 was committed and stays in the database');
      expect(up.stderr).toContain(`npm run db -- resolve ${broken} --rolled-back`);
      expect(up.stderr).toContain(`npm run db -- resolve ${broken} --applied`);
      const [row] = await queryDatabase<{
        status: string;
        failed_statement: number;
        statements: number;
        error: string;
      }>(
        database.name,
        'SELECT status, failed_statement, statements, error FROM mikro_orm_migrations_meta WHERE name = ?',
        [broken],
      );
      expect(row).toMatchObject({
        status: 'failed',
        failed_statement: 2,
        statements: 3,
        error: expect.stringMatching(/no_such_table/),
      });
      expect(await tracked()).not.toContain(broken);
    });

    it('status shows it; the next up (either CLI) refuses and names both ways out', async () => {
      const status = await run('status', '--json');
      expect(status.code).toBe(4);
      expect(JSON.parse(status.stdout).failed).toEqual([
        { name: broken, statement: 2, statements: 3, error: expect.stringMatching(/no_such_table/) },
      ]);
      const again = await run('up');
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(new RegExp(`migration ${broken} FAILED at statement 2 of 3`));
      expect(again.stderr).toContain('statement 1 was committed');
      const cli = await mikroOrm(['migration:up'], database.url, { cwd: project.dir });
      expect(cli.code).not.toBe(0);
      expect(cli.output).toContain(`resolve ${broken} --rolled-back`);
    });

    it('resolve --rolled-back (after undoing by hand) makes it pending again', async () => {
      await queryDatabase(database.name, 'DROP TABLE half_done');
      const resolve = await run('resolve', broken, '--rolled-back');
      expect(resolve.code).toBe(0);
      const status = await run('status', '--json');
      expect(status.code).toBe(3);
      expect(JSON.parse(status.stdout).pending.map((entry: { name: string }) => entry.name)).toEqual([broken]);
    });

    it('resolve --applied (after completing by hand) records it as applied', async () => {
      expect((await run('up')).code).toBe(1);
      await queryDatabase(database.name, 'CREATE TABLE never_created (id int not null primary key)');
      expect((await run('resolve', broken, '--applied')).code).toBe(0);
      expect((await run('status')).code).toBe(0);
      expect(await tracked()).toContain(broken);
      expect((await run('resolve', broken, '--applied')).stderr).toContain(
        `migration ${broken} is applied, not failed`,
      );
    });
  });
});
