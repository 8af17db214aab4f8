import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { migrationSource } from '../support/migration-source.js';
import { startRelease } from '../support/release.js';
import { PROJECT_ROOT, startBin } from '../support/run-cli.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { newDatabase, TeamProject } from '../support/team-project.js';

const PRODUCTION = { NODE_ENV: 'production' };

/**
 * The smaller corners a team meets the same week: every MikroORM path that changes a schema in
 * production, stamp on a database that is not set up, settings from .env, an older checkout on
 * a newer database, a name that does not resolve, colour codes in a pipe.
 */
describe('the corners of a week', () => {
  let database: ScratchDatabase;
  let project: TeamProject;
  const rows = async () => (await queryDatabase(database.name, 'SELECT COUNT(*) AS n FROM cookings'))[0];

  beforeAll(async () => {
    database = await createScratchDatabase('corners');
    project = await TeamProject.create(database.url);
    expect((await project.db(['up'])).code).toBe(0);
    await queryDatabase(database.name, "INSERT INTO cookings (name) VALUES ('keep me')");
  });
  afterAll(async () => {
    await project?.remove();
    await database?.drop();
  });

  it('schema:update, schema:create, migration:unlog and database:import need DB_FORCE in production', async () => {
    await queryDatabase(database.name, 'ALTER TABLE cookings ADD junk INT NULL');
    await queryDatabase(database.name, 'UPDATE cookings SET junk = 1');
    const update = await project.mikroOrm(['schema:update', '--run'], PRODUCTION);
    expect(update.code).toBe(1);
    expect(update.stderr).toContain(
      'error: refusing to update the schema outside the migrations (schema:update, 1 statement(s)) in production ' +
        'without DB_FORCE=true. It would lose: column cookings.junk (1 row holds a value)',
    );
    expect(update.stderr).toContain('The way without force: write the change as a migration');
    expect(await queryDatabase(database.name, 'SELECT junk FROM cookings')).toEqual([{ junk: 1 }]);
    expect((await project.mikroOrm(['schema:create', '--run'], PRODUCTION)).code).toBe(1);
    const [first] = await project.migrations();
    const unlog = await project.mikroOrm(['migration:unlog', '--name', first], PRODUCTION);
    expect(unlog.stderr).toContain(`refusing to forget that ${first} is applied (migration:unlog) in production`);
    await project.write('extra.sql', 'DELETE FROM cookings;');
    const imported = await project.mikroOrm(['database:import', 'extra.sql'], PRODUCTION);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain('refusing to run a SQL file against the database outside the migrations');
    expect(await rows()).toEqual({ n: 1 });
    // Outside production schema:update runs, saying what it lost.
    const dev = await project.mikroOrm(['schema:update', '--run']);
    expect(dev.code).toBe(0);
    expect(dev.output).toContain(
      'warning: schema:update changes the schema outside the migrations (1 statement(s)) and loses column cookings.junk (1 row holds a value)',
    );
  });

  it('stamp refuses a database that does not exist, and one with none of the tables it would record', async () => {
    const missing = newDatabase('corners_missing');
    const absent = await project.db(['stamp', 'head'], { DATABASE_URL: missing.url });
    expect(absent.code).toBe(1);
    expect(absent.stderr).toContain(`database "${missing.name}" does not exist`);
    const empty = await createScratchDatabase('corners_empty');
    try {
      const stamp = await project.db(['stamp', 'head'], { DATABASE_URL: empty.url });
      expect(stamp.code).toBe(1);
      expect(stamp.stderr).toContain('refusing to stamp: the database holds none of the tables');
      expect((await project.db(['status', '--short'], { DATABASE_URL: empty.url })).stdout).toMatch(/^base /);
    } finally {
      await empty.drop();
      await missing.drop();
    }
  });

  it('npm run search:backfill reads DATABASE_URL from .env, as every other command does', async () => {
    const backfill = await new Promise<string>((resolve, reject) => {
      const script = join(PROJECT_ROOT, 'scripts', 'backfill-name-grams.ts');
      const run = startBin('node', ['--import', '@swc-node/register/esm-register', script], {
        cwd: project.dir,
      });
      run.done.then((result) => resolve(result.output), reject);
    });
    expect(backfill).toContain(
      `gram rows added on mysql://${database.target.user}@${database.target.host}:${database.target.port}/${database.name}`,
    );
  });

  it('create with migrations pending says the database is not up to date when it writes one after them', async () => {
    const pending = 'Migration20991231000000_pending';
    const entity = 'src/cooking/cooking.entity.ts';
    const original = await project.read(entity);
    await project.write(`migrations/${pending}.ts`, migrationSource(pending, ['select 1']));
    try {
      const nothing = await project.db(['create', '--name', 'nothing']);
      expect(nothing.code).toBe(0);
      expect(nothing.stdout.trim()).toBe(
        'No changes required: the migration files, applied or pending, hold every entity change',
      );
      await project.edit(
        entity,
        "  @Property({ type: 'text', nullable: true, comment: '説明' })",
        "  @Property({ type: 'integer', nullable: true })\n  behind: number | null = null;\n\n  @Property({ type: 'text', nullable: true, comment: '説明' })",
      );
      const create = await project.db(['create', '--name', 'behind']);
      expect(create.code).toBe(0);
      expect(create.stdout).toContain(
        `warning: the database is not up to date: 1 migration(s) are pending (${pending})`,
      );
      expect(create.stdout).toMatch(/Migration\d{14}_behind\.ts successfully created/);
    } finally {
      await project.write(entity, original);
      for (const name of await project.migrations()) {
        if (name === pending || name.endsWith('_behind')) {
          await rm(join(project.dir, 'migrations', `${name}.ts`));
        }
      }
      expect((await project.db(['snapshot'])).code).toBe(0);
    }
  });

  it('an older checkout on a newer database: status and readiness agree, and nothing advises unlogging', async () => {
    const newer = 'Migration20991231235959';
    const other = await TeamProject.create(database.url);
    try {
      await other.write(
        `migrations/${newer}.ts`,
        migrationSource(
          newer,
          ['alter table `cookings` add `newer` int null'],
          ['alter table `cookings` drop column `newer`'],
        ),
      );
      expect((await other.db(['up'])).code).toBe(0);
    } finally {
      await other.remove();
    }
    const status = await project.db(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(
      `Newer     1 migration(s) applied by a newer release than this checkout (${newer})`,
    );
    expect(status.output).not.toContain('unlog');
    const app = await startRelease({ label: 'older', dir: project.dir, remove: () => Promise.resolve() }, database.url);
    try {
      const ready = (await (await fetch(`${app.base}/health/ready`)).json()) as {
        info: { schema: { message: string } };
      };
      expect(ready.info.schema.message).toContain('1 newer migration(s) applied by a newer release');
    } finally {
      await app.stop();
    }
    const down = await project.db(['down']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`migration ${newer} was applied by a newer release`);
    expect(down.stderr).not.toContain('unlog');
  });

  it('a host that does not resolve is said as such; MikroORM prints no colour codes into a pipe', async () => {
    const unresolved = await project.db(['status'], { DATABASE_URL: 'mysql://root@db.invalid:3306/x' });
    expect(unresolved.stderr).toContain('the host name "db.invalid" does not resolve — check the host in DATABASE_URL');
    const piped = await project.mikroOrm(['migration:check'], { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(piped.output).toContain('No changes required');
    expect(piped.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(piped.stdout + piped.stderr).not.toMatch(/\u001b\[/);
  });
});
