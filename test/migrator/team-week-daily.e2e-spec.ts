import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { migrationSource } from '../support/migration-source.js';
import { startRelease, type RunningRelease } from '../support/release.js';
import type { Connection } from 'mysql2/promise';
import { adminConnection, queryDatabase } from '../support/scratch-database.js';
import { newDatabase, TeamProject } from '../support/team-project.js';
import { waitFor } from '../support/wait-for.js';

const COOKING = 'src/cooking/cooking.entity.ts';
const DESCRIPTION = "  @Property({ type: 'text', nullable: true, comment: '説明' })";
const property = (decorator: string, declaration: string) => `  ${decorator}\n  ${declaration}\n\n${DESCRIPTION}`;

/**
 * The daily states of a developer's week: migrations applied but not committed, a file renamed by
 * hand, a migration still running while someone looks. The printed advice is followed literally.
 */
describe("a developer's day: uncommitted migrations, a renamed file, a run still going", () => {
  const dev = newDatabase('day_dev');
  let project: TeamProject;
  const names = async (pattern: RegExp) => (await project.migrations()).filter((name) => pattern.test(name));

  beforeAll(async () => {
    project = await TeamProject.create(dev.url);
    expect((await project.db(['up'])).code).toBe(0);
  });
  afterAll(async () => {
    await project?.remove();
    await dev.drop();
  });

  it('a rename after an applied, uncommitted migration: the advice rebuilds the snapshot from the files, not from git', async () => {
    await project.edit(
      COOKING,
      DESCRIPTION,
      property("@Property({ type: 'string', length: 20, nullable: true })", 'spice: string | null = null;'),
    );
    expect((await project.db(['create', '--name', 'spice'])).code).toBe(0);
    expect((await project.db(['up'])).code).toBe(0);
    await project.edit(COOKING, 'spice: string | null = null;', 'heat: string | null = null;');
    await project.edit(
      COOKING,
      'length: 20, nullable: true })\n  heat',
      "length: 20, nullable: true, fieldName: 'heat' })\n  heat",
    );
    const renamed = await project.db(['create', '--name', 'heat']);
    expect(renamed.stdout).toContain('rename-column');
    // The second way out it prints: delete the file, rebuild the snapshot, keep the column, create again.
    const [heat] = await names(/_heat$/);
    await rm(join(project.dir, 'migrations', `${heat}.ts`));
    expect((await project.follow(renamed.stdout, {}, /^snapshot$/)).code).toBe(0);
    await project.edit(COOKING, "fieldName: 'heat' })", "fieldName: 'spice' })");
    const again = await project.db(['create', '--name', 'heat']);
    expect(again.stdout).toContain('No changes required');
    expect(await names(/_heat$/)).toEqual([]);
    expect((await project.db(['check'])).code).toBe(0);
  });

  it('a dropped column after the same advice is dropped by the next create, not lost', async () => {
    await project.edit(
      COOKING,
      "  @Property({ type: 'string', length: 20, nullable: true, fieldName: 'spice' })\n  heat: string | null = null;\n\n",
      '',
    );
    const dropped = await project.db(['create', '--name', 'no_spice']);
    const [first] = await names(/_no_spice$/);
    await rm(join(project.dir, 'migrations', `${first}.ts`));
    expect((await project.follow(dropped.stdout, {}, /^snapshot$/)).code).toBe(0);
    expect((await project.db(['check'])).code).toBe(8);
    expect((await project.db(['create', '--name', 'no_spice'])).code).toBe(0);
    const [second] = await names(/_no_spice$/);
    expect(await project.read(`migrations/${second}.ts`)).toContain('drop column \\`spice\\`');
    expect((await project.db(['up'])).code).toBe(0);
    expect((await project.db(['drift'])).code).toBe(0);
    await project.git('add', '-A');
    await project.git('commit', '-q', '-m', 'spice came and went');
  });

  it('a migration file renamed without its class is refused before it runs; the printed fix works; every name finds it', async () => {
    await project.edit(
      COOKING,
      DESCRIPTION,
      property("@Property({ type: 'integer', nullable: true })", 'servings: number | null = null;'),
    );
    expect((await project.db(['create', '--name', 'servings'])).code).toBe(0);
    const [created] = await names(/_servings$/);
    const moved = 'Migration20991231000000_servings';
    await project.git('add', '-A');
    expect((await project.git('mv', `migrations/${created}.ts`, `migrations/${moved}.ts`)).code).toBe(0);
    const status = await project.db(['status']);
    expect(status.code).toBe(4);
    expect(status.stdout).toContain(`holds a class that calls itself ${created}`);
    const up = await project.db(['up']);
    expect(up.code).toBe(1);
    expect(
      await queryDatabase(dev.name, 'SELECT name FROM mikro_orm_migrations_meta WHERE status <> ?', ['applied']),
    ).toEqual([]);
    expect((await project.follow(status.stdout)).code).toBe(0);
    const applied = await project.db(['up']);
    expect(applied.stdout).toMatch(new RegExp(`↑ ${moved} {2}applied, 1 statement,`));
    // The bare timestamp names it for every command (Alembic's habit), and down then up again.
    expect((await project.db(['downgrade', '20991231000000'])).stdout).toContain('Nothing to revert.');
    expect((await project.db(['down'])).stdout).toMatch(new RegExp(`↓ ${moved} {2}reverted, 1 statement`));
    expect((await project.db(['upgrade', '20991231000000'])).stdout).toMatch(new RegExp(`↑ ${moved} {2}applied`));
    expect((await project.db(['history', '--json'])).stdout).toContain(`"name": "${moved}"`);
  });

  describe('a migration still running, seen from another process', () => {
    let app: RunningRelease;
    let holder: Connection;
    const slow = 'Migration20991231000001_slow';
    const isRunning = async () =>
      (JSON.parse((await project.db(['status', '--json'])).stdout) as { running: unknown[] }).running.length > 0;
    const ready = async () => {
      const response = await fetch(`${app.base}/health/ready`);
      return { status: response.status, body: (await response.json()) as { message?: string } };
    };
    /** Its first statement waits for a named lock the test holds: the run is in progress until the test lets go. */
    const hold = () => holder.query("SELECT GET_LOCK('lp_week_hold', 0)");
    const release = () => holder.query("SELECT RELEASE_LOCK('lp_week_hold')");

    beforeAll(async () => {
      holder = await adminConnection(dev.name);
      app = await startRelease({ label: 'day', dir: project.dir, remove: () => Promise.resolve() }, dev.url);
      await project.write(
        `migrations/${slow}.ts`,
        migrationSource(
          slow,
          ["do get_lock('lp_week_hold', 120)", 'alter table `cookings` add `slept` int null'],
          ['alter table `cookings` drop column `slept`'],
        ),
      );
    });
    afterAll(async () => {
      await holder?.end();
      await app?.stop();
    });

    it('status and readiness say it is being applied, not failed; both are current once it ends', async () => {
      expect((await ready()).status).toBe(503);
      await hold();
      const running = project.startDb(['up']);
      await waitFor(isRunning, 'the run to start', 60_000);
      const status = await project.db(['status']);
      expect(status.code).toBe(3);
      expect(status.stdout).toMatch(
        new RegExp(
          `a migration run is in progress: ${slow} at statement 1 of 2 \\(connection \\d+ holds the migration lock`,
        ),
      );
      expect(status.stdout).not.toContain('FAILED');
      const during = await ready();
      expect(during.status).toBe(503);
      expect(during.body.message).toContain(
        `not ready: schema: schema is being migrated: ${slow} is being applied now`,
      );
      expect(during.body.message).not.toMatch(/failed|needs attention/);
      await release();
      expect((await running.done).code).toBe(0);
      expect((await project.db(['status'])).code).toBe(0);
      await waitFor(async () => (await ready()).status === 200, 'readiness once the run ended');
    });

    it('a run killed half-way is told apart: the lock is free, so it is reported as interrupted', async () => {
      expect((await project.db(['down'])).code).toBe(0);
      await hold();
      const running = project.startDb(['up']);
      await waitFor(isRunning, 'the run to start', 60_000);
      running.kill('SIGKILL');
      await running.done;
      await release();
      await waitFor(async () => (await project.db(['status'])).code === 4, 'the killed run to let go of the lock');
      const status = await project.db(['status']);
      expect(status.stdout).toContain(`migration ${slow} FAILED at statement 1 of 2 (interrupted`);
    });
  });
});
