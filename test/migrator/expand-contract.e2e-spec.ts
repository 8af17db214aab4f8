import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dbProcess } from '../support/db-cli.js';
import { migrationSource } from '../support/migration-source.js';
import { mikroOrm } from '../support/run-cli.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { createScratchProject } from '../support/scratch-project.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { planServerName } from '../support/test-env.js';

const EXPAND = 'Migration20991231000000';

describe('expand: the release still running keeps working while the next one expands the schema', () => {
  let ctx: TestApp;
  let next: { dir: string; remove(): Promise<void> };

  beforeAll(async () => {
    // This build is the release that runs; the scratch project is the next one, with an expand
    // migration (a nullable column and a new table) this build knows nothing about.
    ctx = await startTestApp('expand');
    next = await createScratchProject();
    await writeFile(
      join(next.dir, 'migrations', `${EXPAND}.ts`),
      migrationSource(
        EXPAND,
        [
          'alter table `cookings` add `servings` int null',
          'create table `cooking_notes` (`id` int not null auto_increment primary key, `cooking_id` int not null, `body` text null) default character set utf8mb4 engine = InnoDB',
        ],
        ['drop table if exists `cooking_notes`', 'alter table `cookings` drop column `servings`'],
      ),
    );
  });
  afterAll(async () => {
    await next?.remove();
    await ctx?.close();
  });

  it('serves create/read/update/delete with no failure while the expand migration is applied, and maps the rows after', async () => {
    const failures: string[] = [];
    let requests = 0;
    let stop = false;
    const expect2xx = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
      const response = await ctx.app.inject({ method, url, payload });
      requests++;
      if (response.statusCode >= 300) {
        failures.push(`${method} ${url} → ${response.statusCode} ${response.body}`);
      }
      return response;
    };
    const loop = (async () => {
      for (let round = 0; !stop || round < 5; round++) {
        const created = await expect2xx('POST', '/cookings', { name: `round ${round}`, category: '和食' });
        const { id } = created.json<{ id: number }>();
        await expect2xx('GET', `/cookings/${id}`);
        await expect2xx('PATCH', `/cookings/${id}`, { description: `updated ${round}` });
        await expect2xx('GET', '/cookings?limit=5');
        if (round % 3 === 0) {
          await expect2xx('DELETE', `/cookings/${id}`);
        }
      }
    })();
    const up = await dbProcess(['up'], ctx.db.url, { cwd: next.dir });
    stop = true;
    await loop;
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(new RegExp(`↑ ${EXPAND}  applied, 2 statements`));
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(20);

    // A row the next release wrote, with the new column set: the old entity maps it, without it.
    await queryDatabase(ctx.db.name, "INSERT INTO cookings (name, servings) VALUES ('written by the next release', 4)");
    const [{ id }] = await queryDatabase<{ id: number }>(
      ctx.db.name,
      "SELECT id FROM cookings WHERE name = 'written by the next release'",
    );
    const read = await ctx.app.inject({ method: 'GET', url: `/cookings/${id}` });
    expect(read.statusCode).toBe(200);
    const newer = read.json<Record<string, unknown>>();
    expect(newer).toMatchObject({ category: null, description: null });
    expect(newer).not.toHaveProperty('servings');
    // Readiness stays green: a newer release's migration is "ahead", not a problem.
    const ready = await ctx.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json<{ info: { schema: { message: string } } }>().info.schema.message).toMatch(
      /schema is current .*; 1 newer migration\(s\) applied by a newer release/,
    );
  });
});

describe('contract: create --split, up stops before it, up --contract applies it', () => {
  let database: ScratchDatabase;
  let project: { dir: string; remove(): Promise<void> };
  const run = (args: string[]) => dbProcess(args, database.url, { cwd: project.dir });

  beforeAll(async () => {
    database = await createScratchDatabase('contract');
    project = await createScratchProject();
    expect((await run(['up'])).code).toBe(0);
  });
  afterAll(async () => {
    await project?.remove();
    await database?.drop();
  });

  it('writes the drop into a contract migration one second after the expand one', async () => {
    const entity = join(project.dir, 'src', 'cooking', 'cooking.entity.ts');
    const source = await readFile(entity, 'utf8');
    const reshaped = source.replace(
      /\n {2}@Property\(\{ type: 'text'[^}]*\}\)\n {2}description: string \| null = null;\n/,
      "\n  @Property({ type: 'integer', nullable: true })\n  servings: number | null = null;\n",
    );
    expect(reshaped).not.toEqual(source);
    await writeFile(entity, reshaped);
    const before = new Set(await readdir(join(project.dir, 'migrations')));
    const created = await run(['create', '--split', '--name', 'servings']);
    expect(created.code).toBe(0);
    const files = (await readdir(join(project.dir, 'migrations'))).filter((file) => !before.has(file)).sort();
    expect(files).toHaveLength(2);
    // As written into the source: backticks inside the template literals are escaped.
    const [expand, contract] = (
      await Promise.all(files.map((file) => readFile(join(project.dir, 'migrations', file), 'utf8')))
    ).map((code) => code.replace(/\\`/g, '`'));
    expect(expand).toContain('add `servings` int null');
    expect(expand).not.toContain('description');
    expect(expand).not.toContain("phase = 'contract'");
    expect(contract).toContain("phase = 'contract';");
    expect(contract).toMatch(/drop column `description`/);
    // Its down() puts the column back; the expand down() removes only what the expand added.
    expect(contract).toMatch(/down\(\)[\s\S]*add `description` text null/);
    expect(expand).toMatch(/down\(\)[\s\S]*drop column `servings`/);
    expect(created.stdout).toContain(`split: these statements are in the contract migration ${files[1]}`);
    // The plan of what it wrote, against this database.
    expect(created.stdout).toContain(`Plan (${await planServerName()}), as the server answered:`);
    expect(created.stdout).toMatch(/cookings .*INSTANT\s+NONE/);
  });

  it('migration:up applies the expand migration and stops before the contract one, saying so; status and history show phases', async () => {
    // The migrate job's path: MikroORM's CLI, through the same SafeMigrator.
    const up = await mikroOrm(['migration:up'], database.url, { cwd: project.dir });
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/↑ Migration\d{14}_servings {2}applied/);
    expect(up.stdout).toMatch(/Stopping before 1 contract migration\(s\): Migration\d{14}_servings\./);
    const status = await run(['status']);
    expect(status.stdout).toMatch(
      /^Migration\d{14}_servings\s+contract\s+migrations\/\S+\s+waits for `up --contract`$/m,
    );
    const history = await run(['history']);
    expect(history.stdout).toMatch(/Migration\d{14}_servings\s+applied\s+expand/);
    expect(history.stdout).toMatch(/Migration\d{14}_servings\s+pending\s+contract/);
    const dryRun = await run(['up', '--dry-run']);
    expect(dryRun.stdout).toContain('Stopping before 1 contract migration(s)');
  });

  it('refuses a phase or online method it does not know, naming the file and the allowed values', async () => {
    const name = 'Migration20991231000009';
    const file = join(project.dir, 'migrations', `${name}.ts`);
    for (const [marker, message] of [
      [
        "  phase = 'later';\n",
        `migration ${name} has phase = "later"; it must be 'expand' (the default) or 'contract'`,
      ],
      ["  online = 'gh-ost';\n", `migration ${name} has online = "gh-ost"; the one online method is 'pt-osc'`],
    ]) {
      await writeFile(file, migrationSource(name, ['select 1'], [], marker));
      const refused = await run(['up', '--dry-run']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(message);
    }
    await rm(file);
  });

  it('up --contract applies it', async () => {
    const up = await run(['up', '--contract']);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/↑ Migration\d{14}_servings {2}applied/);
    const columns = await queryDatabase<{ name: string }>(
      database.name,
      "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cookings'",
    );
    expect(columns.map((column) => column.name)).toEqual(expect.arrayContaining(['servings']));
    expect(columns.map((column) => column.name)).not.toContain('description');
    expect((await run(['status', '--short'])).stdout).toMatch(/\(head\)/);
  });
});
