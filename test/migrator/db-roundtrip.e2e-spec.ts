import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { db, dbProcess } from '../support/db-cli.js';
import { migrationSource } from '../support/migration-source.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { createScratchProject } from '../support/scratch-project.js';

describe('db check --roundtrip: every down() restores the schema, every up() re-applies the same', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('roundtrip');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("passes over the project's own migrations, and leaves no scratch database behind", async () => {
    const result = await db(['check', '--roundtrip'], database.url);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/^✓ Migration20261125065837 {2}up, down, up again/m);
    expect(result.output).toMatch(/check --roundtrip: \d+ migration\(s\) revert and re-apply cleanly/);
    const scratch = await queryDatabase(
      database.name,
      'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?',
      [`${database.name.slice(0, 40)}_drift_%`],
    );
    expect(scratch).toEqual([]);
  });

  it('catches a down() that forgets the index its up() created, naming it (exit 10)', async () => {
    const project = await createScratchProject();
    try {
      const name = 'Migration20991231000000';
      await writeFile(
        join(project.dir, 'migrations', `${name}.ts`),
        migrationSource(
          name,
          [
            'alter table `cookings` add `rating` int null',
            'alter table `cookings` add index `cookings_name_index` (`name`)',
          ],
          ['alter table `cookings` drop column `rating`'],
        ),
      );
      const result = await dbProcess(['check', '--roundtrip', '--json'], database.url, { cwd: project.dir });
      expect(result.code).toBe(10);
      const report = JSON.parse(result.stdout) as {
        failed: number;
        migrations: { migration: string; outcome: string; differences: string[] }[];
      };
      expect(report.failed).toBe(1);
      expect(report.migrations.at(-1)).toMatchObject({ migration: name, outcome: 'revert' });
      expect(report.migrations.at(-1)!.differences).toEqual([
        expect.stringMatching(/^index cookings\.cookings_name_index: present after down\(\), absent before up\(\)/),
      ]);
    } finally {
      await project.remove();
    }
  });
});
