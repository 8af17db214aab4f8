import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dbProcess } from '../support/db-cli.js';
import { migrationSource } from '../support/migration-source.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { createScratchProject } from '../support/scratch-project.js';
import { testServer } from '../support/test-env.js';
import { probeServer } from '../../src/db/server-probe.js';
import { maxRowVersions } from '../../src/migrator/index.js';

const FIXTURE = 'Migration20991231000000';

interface Line {
  migration: string;
  statement: number;
  kind: string;
  table: string | null;
  rows: number | null;
  algorithm: string | null;
  lock: string | null;
  note: string;
}

describe('db plan: what each pending statement will do, as the server answers', () => {
  let db: ScratchDatabase;
  let project: { dir: string; remove(): Promise<void> };

  beforeAll(async () => {
    db = await createScratchDatabase('plan');
    project = await createScratchProject();
    expect((await dbProcess(['up'], db.url, { cwd: project.dir })).code).toBe(0);
    await queryDatabase(db.name, "INSERT INTO cookings (name) VALUES ('肉じゃが'), ('カレー'), ('親子丼')");
    await queryDatabase(db.name, 'ANALYZE TABLE cookings');
    await writeFile(
      join(project.dir, 'migrations', `${FIXTURE}.ts`),
      migrationSource(FIXTURE, [
        'alter table `cookings` add column `note` varchar(50) null',
        'alter table `cookings` modify `description` varchar(500) null',
        'create index `cookings_name_index` on `cookings` (`name`)',
        'create table `notes` (`id` int not null primary key)',
        'alter table `notes` add column `body` text null',
        'insert into `notes` (`id`) values (1)',
        'drop table `notes`',
      ]),
    );
  }, 120_000);

  afterAll(async () => {
    await project?.remove();
    await db?.drop();
  });

  it('classifies every pending statement, each ALTER by the first form the server accepts', async () => {
    const result = await dbProcess(['plan', '--json'], db.url, { cwd: project.dir });
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as { server: string; statements: Line[] };
    const lines = plan.statements.map((line) => ({
      statement: line.statement,
      kind: line.kind,
      table: line.table,
      algorithm: line.algorithm,
      lock: line.lock,
    }));
    const mariadb = plan.server.startsWith('mariadb');
    expect(lines).toEqual([
      { statement: 1, kind: 'alter', table: 'cookings', algorithm: 'INSTANT', lock: 'NONE' },
      // A type change rebuilds the table: the one a size-aware guard must stop on big tables.
      { statement: 2, kind: 'alter', table: 'cookings', algorithm: 'COPY', lock: 'SHARED' },
      // An index builds in place while reads and writes go on.
      { statement: 3, kind: 'alter', table: 'cookings', algorithm: mariadb ? 'NOCOPY' : 'INPLACE', lock: 'NONE' },
      { statement: 4, kind: 'create-table', table: 'notes', algorithm: null, lock: 'NONE' },
      // Judged on the table the previous statement created in the scratch copy.
      { statement: 5, kind: 'alter', table: 'notes', algorithm: 'INSTANT', lock: 'NONE' },
      { statement: 6, kind: 'data', table: 'notes', algorithm: null, lock: null },
      { statement: 7, kind: 'drop-table', table: 'notes', algorithm: null, lock: 'EXCLUSIVE' },
    ]);
    expect(plan.statements.every((line) => line.migration === FIXTURE)).toBe(true);
    expect(plan.statements[0].rows).toBe(3);
    expect(plan.statements[4].rows).toBe(0);
  });

  it('changes nothing: the migration stays pending, the table unchanged, the scratch schema dropped', async () => {
    const columns = await queryDatabase<{ name: string }>(
      db.name,
      "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cookings'",
    );
    expect(columns.map((column) => column.name)).not.toContain('note');
    const scratch = await queryDatabase<{ name: string }>(
      db.name,
      'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?',
      [`${db.name.slice(0, 40)}_plan_%`],
    );
    expect(scratch).toEqual([]);
    const status = await dbProcess(['status', '--short'], db.url, { cwd: project.dir });
    expect(status.output).toMatch(/1 pending/);
  });

  it('prints a table a person reads before up', async () => {
    const result = await dbProcess(['plan'], db.url, { cwd: project.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Plan for .* as the server answered:$/m);
    expect(result.stdout).toMatch(
      /^Migration20991231000000\s+2\s+cookings\s+~3\s+\S+ \S+\s+COPY\s+SHARED\s+rebuilds the table/m,
    );
  });

  it('up --dry-run prints the plan of what up would apply, and applies nothing', async () => {
    const plain = await dbProcess(['up', '--dry-run'], db.url, { cwd: project.dir });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^Migration20991231000000\s+2\s+cookings\s.*COPY\s+SHARED/m);
    expect(plain.stdout).toMatch(/^Dry run: nothing was applied\.$/m);
    const json = await dbProcess(['up', '--dry-run', '--to', 'Migration20261125222719', '--json'], db.url, {
      cwd: project.dir,
    });
    expect(JSON.parse(json.stdout)).toMatchObject({ statements: [] });
    expect((await dbProcess(['status', '--short'], db.url, { cwd: project.dir })).output).toMatch(/1 pending/);
  });

  it('says so when nothing is pending', async () => {
    const fresh = await createScratchDatabase('plan_none');
    try {
      expect((await dbProcess(['up'], fresh.url)).code).toBe(0);
      const result = await dbProcess(['plan'], fresh.url);
      expect(result.stdout).toMatch(/Nothing pending on .*: nothing to plan\./);
    } finally {
      await fresh.drop();
    }
  });

  it('plans an added column in place once MySQL has used up the table row versions; MariaDB keeps it instant', async () => {
    const probe = await createScratchDatabase('plan_versions');
    const own = await createScratchProject();
    try {
      expect((await dbProcess(['up'], probe.url)).code).toBe(0);
      await queryDatabase(probe.name, 'CREATE TABLE versions_probe (id INT NOT NULL PRIMARY KEY, v INT NULL)');
      const server = await probeServer(testServer());
      // MySQL counts the row versions instant ADD/DROP COLUMN leave (at most 64 before 9.1, 255
      // after) and then refuses INSTANT; MariaDB keeps no such count.
      const limit = maxRowVersions(server) ?? 255;
      for (let version = 1; version <= limit; version++) {
        const change = version % 2 === 1 ? 'DROP COLUMN v' : 'ADD COLUMN v INT NULL';
        await queryDatabase(probe.name, `ALTER TABLE versions_probe ${change}, ALGORITHM=INSTANT`);
      }
      await writeFile(
        join(own.dir, 'migrations', `${FIXTURE}.ts`),
        migrationSource(FIXTURE, ['alter table `versions_probe` add column `w` int null']),
      );
      const plan = await dbProcess(['plan', '--json'], probe.url, { cwd: own.dir });
      const [line] = (JSON.parse(plan.stdout) as { statements: Line[] }).statements.filter(
        (item) => item.table === 'versions_probe',
      );
      if (server.flavor === 'mysql') {
        expect(line).toMatchObject({ algorithm: 'INPLACE', lock: 'NONE' });
        expect(line.note).toContain(`INSTANT refused: the table has used all ${limit} row versions`);
      } else {
        expect(line).toMatchObject({ algorithm: 'INSTANT', lock: 'NONE' });
      }
      // The server accepts the pinned form: nothing is held back.
      const up = await dbProcess(['up', '--to', FIXTURE], probe.url, { cwd: own.dir });
      expect(up.stderr).toBe('');
      expect(up.code).toBe(0);
    } finally {
      await own.remove();
      await probe.drop();
    }
  });
});
