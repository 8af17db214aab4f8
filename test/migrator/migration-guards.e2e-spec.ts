import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { db, dbProcess } from '../support/db-cli.js';
import { mikroOrm } from '../support/run-cli.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { createScratchProject } from '../support/scratch-project.js';

const PRODUCTION = { NODE_ENV: 'production' };

describe('destructive changes: lint at create time, refusal in production unless marked', () => {
  let database: ScratchDatabase;
  let project: Awaited<ReturnType<typeof createScratchProject>>;
  let created: string;

  const run = (args: string[], env: Record<string, string> = {}) =>
    dbProcess(args, database.url, { cwd: project.dir, env });

  beforeAll(async () => {
    database = await createScratchDatabase('destructive');
    project = await createScratchProject();
    expect((await run(['up'])).code).toBe(0);
  });
  afterAll(async () => {
    await project?.remove();
    await database?.drop();
  });

  it('migration:create warns about each destructive statement it generates', async () => {
    const entity = join(project.dir, 'src', 'cooking', 'cooking.entity.ts');
    const source = await readFile(entity, 'utf8');
    const withoutDescription = source.replace(
      /\n {2}@Property\(\{ type: 'text'[^}]*\}\)\n {2}description: string \| null = null;\n/,
      '\n',
    );
    expect(withoutDescription).not.toEqual(source);
    await writeFile(entity, withoutDescription);
    const before = new Set(await readdir(join(project.dir, 'migrations')));
    const create = await mikroOrm(['migration:create'], database.url, { cwd: project.dir });
    expect(create.code).toBe(0);
    created = (await readdir(join(project.dir, 'migrations'))).find((file) => !before.has(file))!.replace(/\.ts$/, '');
    expect(create.output).toMatch(
      new RegExp(
        `warning: destructive change: ${created}\\.ts statement 1 \\[drop-column\\]: table cookings: DROP COLUMN description`,
      ),
    );
    expect(create.output).toContain("add `allowDestructive = '<reason>'`");
  });

  it('db lint finds it (exit 6); in production up refuses it', async () => {
    const lint = await run(['lint', created]);
    expect(lint.code).toBe(6);
    expect(lint.stdout).toContain('[drop-column]');
    const refused = await run(['up'], PRODUCTION);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`refusing to apply ${created} in production: it has destructive statements`),
    );
    const cli = await mikroOrm(['migration:up'], database.url, { cwd: project.dir, env: PRODUCTION });
    expect(cli.code).toBe(1);
    // The project's words, without the MikroORM CLI's help text and stack trace around them.
    expect(cli.stderr).toMatch(new RegExp(`^error: refusing to apply ${created} in production`));
    expect(cli.output).not.toMatch(/Options:|--config|\bat \S+ \(/);
  });

  it('the allowDestructive marker lets production apply it once it is a contract migration, applied by up --contract', async () => {
    const file = join(project.dir, 'migrations', `${created}.ts`);
    const source = await readFile(file, 'utf8');
    await writeFile(
      file,
      source.replace(
        `override name = '${created}';`,
        `override name = '${created}';\n  allowDestructive = 'description moved to a notes table (#42)';`,
      ),
    );
    // Still an expand migration (the default): a drop breaks the release still running; lint and up agree.
    const lint = await run(['lint', created]);
    expect(lint.stdout).toContain('(NOT allowed in production: needs allowBreaking)');
    expect(lint.code).toBe(6);
    const expand = await run(['up'], PRODUCTION);
    expect(expand.code).toBe(1);
    expect(expand.stderr).toContain(`refusing to apply ${created}: it is an expand migration with 1 statement(s)`);
    expect(expand.stderr).toContain('[drop-column]');
    expect(expand.stderr).toContain(
      `\`npm run db -- split ${created}\` rewrites a pending migration as expand + contract`,
    );
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(
        `override name = '${created}';`,
        `override name = '${created}';\n  phase = 'contract';`,
      ),
    );
    expect((await run(['lint', created])).code).toBe(0);
    const held = await run(['up'], PRODUCTION);
    expect(held.code).toBe(0);
    expect(held.stdout).toContain(`Stopping before 1 contract migration(s): ${created}.`);
    // Not "up to date": a contract migration is pending.
    expect(held.stdout).toContain('Nothing applied: only the 1 contract migration(s) above are pending.');
    expect(held.stdout).not.toContain('up to date');
    const contract = await run(['up', '--contract'], PRODUCTION);
    expect(contract.code).toBe(0);
    expect(contract.stdout).toContain(
      `note: ${created} runs destructive statements, allowed by its marker: description moved to a notes table (#42)`,
    );
    expect(contract.stdout).toMatch(new RegExp(`↑ ${created}  applied`));
  });
});

describe('production guards on destructive commands', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('guards');
    await db(['up'], database.url);
    await queryDatabase(database.name, "INSERT INTO cookings (name) VALUES ('keep me'), ('and me')");
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('db down --to base refuses without --force and says what would be lost', async () => {
    const refused = await db(['down', '--to', 'base'], database.url, PRODUCTION);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(
      /refusing to migrate down to base \(undo all \d+ migrations\) in production without --force/,
    );
    expect(refused.output).toContain('table cookings (2 rows)');
    expect(await queryDatabase(database.name, 'SELECT COUNT(*) AS n FROM cookings')).toEqual([{ n: 2 }]);
  });

  it('stamp refuses without --force in production', async () => {
    const refused = await db(['stamp', 'base'], database.url, PRODUCTION);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/refusing to stamp base .* in production without --force/);
  });

  it('mikro-orm schema:drop and migration:fresh refuse without DB_FORCE in production', async () => {
    for (const args of [['schema:drop', '--run'], ['migration:fresh']]) {
      const refused = await mikroOrm(args, database.url, { env: PRODUCTION });
      expect(refused.code).not.toBe(0);
      expect(refused.output).toMatch(/refusing to drop every table of the schema in production without DB_FORCE=true/);
      expect(refused.output).toContain('cookings (2 rows)');
    }
    expect(await queryDatabase(database.name, 'SELECT COUNT(*) AS n FROM cookings')).toEqual([{ n: 2 }]);
  });

  it('with --force, down --to base prints what it loses, then does it', async () => {
    const forced = await db(['down', '--to', 'base', '--force'], database.url, PRODUCTION);
    expect(forced.code).toBe(0);
    expect(forced.output).toMatch(
      /--force given: about to migrate down to base .*; this loses: .*table cookings \(2 rows\)/,
    );
    expect((await db(['status', '--json'], database.url)).code).toBe(3);
  });

  it('DB_FORCE=true lets migration:fresh run in production after printing the loss', async () => {
    const fresh = await mikroOrm(['migration:fresh'], database.url, { env: { ...PRODUCTION, DB_FORCE: 'true' } });
    expect(fresh.output).toMatch(/DB_FORCE=true: about to drop every table of the schema; this loses:/);
    expect(fresh.code).toBe(0);
    expect((await db(['status'], database.url)).code).toBe(0);
  });
});

describe('drift between the live schema, the entities and the applied migrations', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('drift');
    await db(['up'], database.url);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('is clean right after up', async () => {
    const drift = await db(['drift'], database.url);
    expect(drift.output).toContain('live schema vs entities: no difference');
    expect(drift.output).toContain('live schema vs applied migrations: no difference');
    expect(drift.code).toBe(0);
  });

  it('reports a column added by hand with the SQL to reconcile it; clean again once dropped', async () => {
    await queryDatabase(database.name, 'ALTER TABLE cookings ADD COLUMN secret_note varchar(20) NULL');
    const drift = await db(['drift', '--json'], database.url);
    expect(drift.code).toBe(5);
    const report = JSON.parse(drift.output);
    expect(report.drift).toBe(true);
    expect(report.entities).toEqual([expect.stringMatching(/alter table `cookings` drop column `secret_note`/)]);
    expect(report.migrations).toEqual([expect.stringMatching(/alter table `cookings` drop column `secret_note`/)]);
    await queryDatabase(database.name, 'ALTER TABLE cookings DROP COLUMN secret_note');
    expect((await db(['drift'], database.url)).code).toBe(0);
  });

  it('leaves no scratch database behind', async () => {
    const left = await queryDatabase<{ name: string }>(
      database.name,
      'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?',
      [`${database.name.slice(0, 40)}_drift_%`],
    );
    expect(left).toEqual([]);
  });
});

describe('run log', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('runlog');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('--json prints one JSON line per migration and a summary (MIGRATION_LOG_FORMAT=json for mikro-orm)', async () => {
    const up = await db(['up', '--json'], database.url);
    const events = up.output.split('\n').map((line) => JSON.parse(line));
    const migrations = events.filter((event) => event.event === 'migration');
    expect(migrations.length).toBeGreaterThanOrEqual(2);
    for (const event of migrations) {
      expect(event).toEqual({
        event: 'migration',
        direction: 'up',
        name: expect.stringMatching(/^Migration\d{14}$/),
        status: 'applied',
        statements: expect.any(Number),
        durationMs: expect.any(Number),
      });
    }
    expect(events.at(-1)).toMatchObject({
      event: 'summary',
      direction: 'up',
      outcome: 'ok',
      migrations: migrations.length,
    });
    const down = await mikroOrm(['migration:down'], database.url, { env: { MIGRATION_LOG_FORMAT: 'json' } });
    const lines = down.stdout.split('\n').filter((line) => line.startsWith('{'));
    // A long-transactions line reports the whole server's open transactions (any connection can
    // hold a lock on these tables), so it depends on what else runs there, other suites included.
    const reported = lines
      .map((line) => (JSON.parse(line) as { event: string }).event)
      .filter((event) => event !== 'long-transactions');
    expect(reported).toEqual(['migration', 'summary']);
  });
});
