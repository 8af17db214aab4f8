import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dbProcess } from '../support/db-cli.js';
import { fillRows } from '../support/fill-rows.js';
import { migrationSource } from '../support/migration-source.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { createScratchProject } from '../support/scratch-project.js';
import {
  cells,
  END,
  parseCostColumns,
  parseLegend,
  renderCostSection,
  START,
  type CostColumns,
} from '../support/cost-table.js';

/**
 * Common changes, each on a table of its own holding rows. The plan of each is then checked by
 * running it pinned to that plan: a server that would do anything else refuses (exit 9). The
 * table in docs/migrations.md (and .ja.md) is this test's output: UPDATE_DDL_COSTS=1 rewrites it.
 */
const CHANGES: { change: string; sql: (table: string) => string; down: (table: string) => string }[] = [
  {
    change: 'add a nullable column',
    sql: (t) => `alter table \`${t}\` add \`extra\` varchar(20) null`,
    down: (t) => `alter table \`${t}\` drop column \`extra\``,
  },
  {
    change: 'add a column in the middle (AFTER)',
    sql: (t) => `alter table \`${t}\` add \`extra\` int null after \`name\``,
    down: (t) => `alter table \`${t}\` drop column \`extra\``,
  },
  {
    change: 'add a NOT NULL column with a default',
    sql: (t) => `alter table \`${t}\` add \`flag\` tinyint not null default 0`,
    down: (t) => `alter table \`${t}\` drop column \`flag\``,
  },
  {
    change: 'set a column default',
    sql: (t) => `alter table \`${t}\` alter \`qty\` set default 1`,
    down: (t) => `alter table \`${t}\` alter \`qty\` drop default`,
  },
  {
    change: 'change a column comment',
    sql: (t) => `alter table \`${t}\` modify \`note\` varchar(50) null comment 'memo'`,
    down: (t) => `alter table \`${t}\` modify \`note\` varchar(50) null`,
  },
  {
    change: 'widen VARCHAR within 255 bytes (50 → 60, utf8mb4)',
    sql: (t) => `alter table \`${t}\` modify \`note\` varchar(60) null`,
    down: (t) => `alter table \`${t}\` modify \`note\` varchar(50) null`,
  },
  {
    change: 'widen VARCHAR past 255 bytes (50 → 100, utf8mb4)',
    sql: (t) => `alter table \`${t}\` modify \`note\` varchar(100) null`,
    down: (t) => `alter table \`${t}\` modify \`note\` varchar(50) null`,
  },
  {
    change: 'change a column type (INT → BIGINT)',
    sql: (t) => `alter table \`${t}\` modify \`qty\` bigint null`,
    down: (t) => `alter table \`${t}\` modify \`qty\` int null`,
  },
  {
    change: 'make a column NOT NULL',
    sql: (t) => `alter table \`${t}\` modify \`note\` varchar(50) not null`,
    down: (t) => `alter table \`${t}\` modify \`note\` varchar(50) null`,
  },
  {
    change: 'rename a column',
    sql: (t) => `alter table \`${t}\` rename column \`note\` to \`remark\``,
    down: (t) => `alter table \`${t}\` rename column \`remark\` to \`note\``,
  },
  {
    change: 'drop a column',
    sql: (t) => `alter table \`${t}\` drop column \`note\``,
    down: (t) => `alter table \`${t}\` add \`note\` varchar(50) null`,
  },
  {
    change: 'add an index',
    sql: (t) => `create index \`${t}_qty_index\` on \`${t}\` (\`qty\`)`,
    down: (t) => `alter table \`${t}\` drop index \`${t}_qty_index\``,
  },
  {
    change: 'add a UNIQUE index',
    sql: (t) => `alter table \`${t}\` add unique \`${t}_code_unique\` (\`code\`)`,
    down: (t) => `alter table \`${t}\` drop index \`${t}_code_unique\``,
  },
  {
    change: 'drop an index',
    sql: (t) => `alter table \`${t}\` drop index \`${t}_name_index\``,
    down: (t) => `alter table \`${t}\` add index \`${t}_name_index\` (\`name\`)`,
  },
  {
    change: 'rename an index',
    sql: (t) => `alter table \`${t}\` rename index \`${t}_name_index\` to \`${t}_name_idx\``,
    down: (t) => `alter table \`${t}\` rename index \`${t}_name_idx\` to \`${t}_name_index\``,
  },
  {
    change: 'add a foreign key',
    sql: (t) =>
      `alter table \`${t}\` add constraint \`${t}_parent_foreign\` foreign key (\`parent_id\`) references \`cost_parent\` (\`id\`)`,
    down: (t) => `alter table \`${t}\` drop foreign key \`${t}_parent_foreign\``,
  },
  {
    change: 'convert the table to another collation (utf8mb4_bin)',
    sql: (t) => `alter table \`${t}\` convert to character set utf8mb4 collate utf8mb4_bin`,
    down: (t) => `alter table \`${t}\` convert to character set utf8mb4 collate utf8mb4_general_ci`,
  },
];

const ROWS = 2000;
interface Line {
  migration: string;
  table: string;
  algorithm: string | null;
  lock: string | null;
  note: string;
}

describe('what common changes cost, as the server plans them and then does them', () => {
  let database: ScratchDatabase;
  let project: { dir: string; remove(): Promise<void> };

  beforeAll(async () => {
    database = await createScratchDatabase('ddl_costs');
    project = await createScratchProject();
    expect((await dbProcess(['up'], database.url, { cwd: project.dir })).code).toBe(0);
    await queryDatabase(database.name, 'CREATE TABLE cost_parent (id INT NOT NULL PRIMARY KEY)');
    await queryDatabase(database.name, 'INSERT INTO cost_parent VALUES (1), (2), (3)');
    for (const [index, { change, sql, down }] of CHANGES.entries()) {
      const table = `cost_${String(index + 1).padStart(2, '0')}`;
      await queryDatabase(
        database.name,
        `CREATE TABLE \`${table}\` (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL, code INT NOT NULL, ` +
          `note VARCHAR(50) NULL, qty INT NULL, parent_id INT NULL, INDEX \`${table}_name_index\` (name)) DEFAULT CHARSET utf8mb4`,
      );
      await queryDatabase(
        database.name,
        fillRows(
          table,
          'name, code, note, qty, parent_id',
          "CONCAT('name ', i), i, CONCAT('note ', i), i, 1 + i % 3",
          ROWS,
        ),
      );
      const name = `Migration2099123100${String(index + 1).padStart(4, '0')}`;
      await writeFile(
        join(project.dir, 'migrations', `${name}.ts`),
        migrationSource(name, [sql(table)], [down(table)], `  // ${change}\n  phase = 'contract';\n`),
      );
    }
    await queryDatabase(
      database.name,
      `ANALYZE TABLE ${CHANGES.map((_, index) => `cost_${String(index + 1).padStart(2, '0')}`).join(', ')}`,
    );
  }, 180_000);

  afterAll(async () => {
    await project?.remove();
    await database?.drop();
  });

  it('runs every change pinned to its plan (the server agrees with it), and the docs hold the table it makes', async () => {
    const planned = await dbProcess(['plan', '--json'], database.url, { cwd: project.dir });
    expect(planned.code).toBe(0);
    const plan = JSON.parse(planned.stdout) as { server: string; statements: Line[] };
    expect(plan.statements).toHaveLength(CHANGES.length);
    expect(plan.statements.every((line) => line.algorithm !== null)).toBe(true);

    const up = await dbProcess(['up', '--contract'], database.url, { cwd: project.dir });
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`${CHANGES.length} migrations applied (${CHANGES.length} statements)`);

    const [, flavor, version] = /^(\w+) (\d+\.\d+)/.exec(plan.server)!;
    const server = `${flavor === 'mariadb' ? 'MariaDB' : 'MySQL'} ${version}`;
    const mine = new Map(
      plan.statements.map((line, index) => [CHANGES[index].change, `${line.algorithm}, ${line.lock}`]),
    );
    const notes = new Map(plan.statements.map((line) => [`${line.algorithm}, ${line.lock}`, line.note]));
    for (const doc of ['docs/migrations.md', 'docs/migrations.ja.md']) {
      const text = await readFile(doc, 'utf8');
      const [before, rest] = text.split(START);
      expect(rest).toBeDefined();
      const committed = `${START}${rest.slice(0, rest.indexOf(END) + END.length)}`;
      const after = rest.slice(rest.indexOf(END) + END.length);
      const columns = parseCostColumns(committed);
      const legend = new Map([...parseLegend(committed), ...notes]);
      const section = (withMine: CostColumns) =>
        renderCostSection(
          CHANGES.map((item) => item.change),
          withMine,
          (cell) => legend.get(cell) ?? '?',
        );
      if (process.env.UPDATE_DDL_COSTS === '1') {
        await writeFile(doc, `${before}${section(new Map([...columns, [server, mine]]))}${after}`);
        continue;
      }
      // Each server checks its own column; the committed table names the servers it was run on.
      expect([...columns.keys()]).toContain(server);
      expect(columns.get(server)).toEqual(mine);
      expect(cells(committed)).toEqual(cells(section(columns)));
    }
  });
});
