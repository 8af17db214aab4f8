import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp } from '../../src/app.factory.js';
import { dbProcess, startDbProcess } from '../support/db-cli.js';
import { migrationSource } from '../support/migration-source.js';
import { blockerScene } from '../support/blocker-scene.js';
import { limitedMigrator } from '../support/limited-migrator.js';
import { openTransaction as openTransactionIn } from '../support/open-transaction.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { createScratchProject } from '../support/scratch-project.js';
import { testConfig, testFlavor } from '../support/test-env.js';

describe('a migration never freezes the live API: short, retried metadata-lock waits', () => {
  let database: ScratchDatabase;
  let project: Awaited<ReturnType<typeof createScratchProject>>;

  const run = (args: string[], env: Record<string, string> = {}) =>
    dbProcess(args, database.url, { cwd: project.dir, env: { MIGRATION_DDL_RETRY_FOR: '3', ...env } });
  const addMigration = (name: string, up: string[], down: string[]) =>
    writeFile(join(project.dir, 'migrations', `${name}.ts`), migrationSource(name, up, down));
  const columns = async (table: string) =>
    (
      await queryDatabase<{ name: string }>(
        database.name,
        'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = database() AND table_name = ? ORDER BY ordinal_position',
        [table],
      )
    ).map((row) => row.name);
  const tracked = async (name: string) =>
    (await queryDatabase(database.name, 'SELECT id FROM mikro_orm_migrations WHERE name = ?', [name])).length;

  const openTransaction = () => openTransactionIn(database.name);

  beforeAll(async () => {
    database = await createScratchDatabase('lock_wait');
    project = await createScratchProject();
    expect((await run(['up'])).code).toBe(0);
  });
  afterAll(async () => {
    await project?.remove();
    await database?.drop();
  });

  it('keeps answering API requests while a blocked ADD COLUMN retries, names the blocker, and applies once freed', async () => {
    const app = await createApp(testConfig(database.name));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = await app.getUrl();
    const created = await fetch(`${base}/cookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '親子丼' }),
    });
    const { id } = (await created.json()) as { id: number };
    const polls: { started: number; ended: number; status: number }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const started = performance.now();
        const status = await fetch(`${base}/cookings/${id}`).then(
          (response) => response.status,
          () => 0,
        );
        polls.push({ started, ended: performance.now(), status });
        await sleep(100);
      }
    })();
    const blocker = await openTransaction();
    try {
      await addMigration(
        'Migration20991231000001',
        ['alter table `cookings` add `note1` varchar(20) null'],
        ['alter table `cookings` drop column `note1`'],
      );
      const job = startDbProcess(['up'], database.url, { cwd: project.dir, env: { MIGRATION_DDL_RETRY_FOR: '60' } });
      const deadline = Date.now() + 30_000;
      while (!/waiting for the metadata lock/.test(job.output()) && Date.now() < deadline) {
        await sleep(100);
      }
      const waitSeen = performance.now();
      await sleep(3_000);
      const released = performance.now();
      await blocker.commit();
      const result = await job.done;
      polling = false;
      await poller;
      expect(result.code).toBe(0);
      expect(result.output).toMatch(
        new RegExp(
          `waiting for the metadata lock: Migration20991231000001 statement 1 of 1 .*connection ${blocker.connectionId} `,
        ),
      );
      expect(result.output).toMatch(/↑ Migration20991231000001 {2}applied, 1 statement/);
      expect(await columns('cookings')).toContain('note1');
      expect(polls.length).toBeGreaterThan(20);
      expect(polls.filter((poll) => poll.status !== 200)).toEqual([]);
      // Not frozen: reads were answered while the migration still waited for its lock (a single
      // long wait would queue every one of them until the blocker ended). How long each took is
      // the migration-under-load bench's business, not a test's.
      const answeredMeanwhile = polls.filter(
        (poll) => poll.started >= waitSeen && poll.ended <= released && poll.status === 200,
      );
      expect(answeredMeanwhile.length).toBeGreaterThanOrEqual(2);
    } finally {
      polling = false;
      await poller;
      await blocker.connection.end().catch(() => undefined);
      await app.close();
    }
  });

  it('gives up when the budget is spent: exit 7, the blocker named, the migration still pending; a rerun applies it', async () => {
    await addMigration(
      'Migration20991231000002',
      ['alter table `cookings` add `note2` varchar(20) null'],
      ['alter table `cookings` drop column `note2`'],
    );
    const blocker = await openTransaction();
    const refused = await run(['up']);
    await blocker.commit();
    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain('gave up on Migration20991231000002 statement 1 of 1');
    expect(refused.stderr).toMatch(new RegExp(`Blocked by:\\n {2}- connection ${blocker.connectionId} \\(`));
    // MySQL names the holder from performance_schema.metadata_locks (on by default); MariaDB,
    // without its metadata_lock_info plugin, can only point at the open transaction.
    const how = (await testFlavor()) === 'mysql' ? 'holds a lock on the table' : 'open transaction';
    expect(refused.stderr).toMatch(new RegExp(`- connection ${blocker.connectionId} \\(.*\\[${how}\\]`));
    expect(refused.stderr).toContain('Nothing of it ran: it is still pending.');
    expect(refused.stderr).toContain('npm run db -- up --kill-blockers');
    const status = await run(['status', '--json']);
    expect(status.code).toBe(3);
    expect(JSON.parse(status.stdout).pending.map((entry: { name: string }) => entry.name)).toEqual([
      'Migration20991231000002',
    ]);
    const rerun = await run(['up']);
    expect(rerun.code).toBe(0);
    expect(await columns('cookings')).toContain('note2');
  });

  it('resumes a three-statement migration at the statement that gave up, as if it had run once', async () => {
    await addMigration(
      'Migration20991231000003',
      [
        'create table `lock_wait_side` (`id` int not null primary key)',
        'alter table `cookings` add `note3` varchar(20) null',
        'alter table `lock_wait_side` add `extra` int null',
      ],
      ['drop table if exists `lock_wait_side`', 'alter table `cookings` drop column `note3`'],
    );
    const blocker = await openTransaction();
    const refused = await run(['up']);
    await blocker.commit();
    expect(refused.code).toBe(7);
    expect(refused.stdout).toContain(
      '⏸ Migration20991231000003  BLOCKED at statement 2 of 3 (gave up waiting for its metadata lock); `npm run db -- up` resumes there',
    );
    expect(refused.stderr).toContain('Statement 1 is applied; the migration is recorded as BLOCKED at statement 2');
    const [meta] = await queryDatabase<{ status: string; failed_statement: number }>(
      database.name,
      "SELECT status, failed_statement FROM mikro_orm_migrations_meta WHERE name = 'Migration20991231000003'",
    );
    expect(meta).toEqual({ status: 'blocked', failed_statement: 2 });
    const status = await run(['status']);
    expect(status.code).toBe(4);
    expect(status.stdout).toContain('`npm run db -- up` resumes it at statement 2');

    const resumed = await run(['up']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/↑ Migration20991231000003 {2}applied, 3 statements \(resumed at 2\)/);
    expect(await columns('lock_wait_side')).toEqual(['id', 'extra']);
    expect(await columns('cookings')).toContain('note3');
    expect(await tracked('Migration20991231000003')).toBe(1);
    const [after] = await queryDatabase<{ status: string }>(
      database.name,
      "SELECT status FROM mikro_orm_migrations_meta WHERE name = 'Migration20991231000003'",
    );
    expect(after.status).toBe('applied');
    expect((await run(['verify'])).code).toBe(0);
  });

  it('--kill-blockers ends the connections holding the table, never an innocent transaction; needs --force in production', async () => {
    await addMigration(
      'Migration20991231000004',
      ['alter table `cookings` add `note4` varchar(20) null'],
      ['alter table `cookings` drop column `note4`'],
    );
    await queryDatabase(database.name, "INSERT INTO cookings (name) VALUES ('kill-blockers')");
    // This shared MariaDB has no metadata-lock table, and installing its plugin would change a
    // server other suites use: there the migrator runs as an account that may not install it
    // (the plugin's own cases run on private servers: migration-blockers-mariadb.e2e-spec.ts).
    const mariadb = (await testFlavor()) === 'mariadb';
    const migrator = mariadb ? await limitedMigrator(database) : undefined;
    const url = migrator?.url ?? database.url;
    const scene = await blockerScene(database.name);
    try {
      const production = await dbProcess(['up', '--kill-blockers'], url, {
        cwd: project.dir,
        env: { MIGRATION_DDL_RETRY_FOR: '3', NODE_ENV: 'production' },
      });
      expect(production.code).toBe(1);
      expect(production.stderr).toContain(
        'refusing to end the connections that block a migration statement (--kill-blockers) in production without --force',
      );
      expect(await tracked('Migration20991231000004')).toBe(0);

      const killed = await dbProcess(['up', '--kill-blockers'], url, {
        cwd: project.dir,
        env: { MIGRATION_DDL_RETRY_FOR: mariadb ? '4' : '30' },
      });
      // Before, MariaDB's --kill-blockers ended every open transaction of the database, the
      // innocent one on ingredients included.
      expect(killed.stdout).toContain(`--kill-blockers: ended connection ${scene.runningHolder.connectionId} (`);
      expect(await scene.alive(scene.innocent.connection)).toBe(true);
      expect(await scene.alive(scene.bystander)).toBe(true);
      expect(await scene.alive(scene.runningHolder.connection)).toBe(false);
      if (!mariadb) {
        // performance_schema names both holders.
        expect(killed.code).toBe(0);
        expect(killed.stdout).toContain(`--kill-blockers: ended connection ${scene.idleHolder.connectionId} (`);
        expect(killed.stdout.match(/--kill-blockers: ended/g)).toHaveLength(2);
        expect(await scene.alive(scene.idleHolder.connection)).toBe(false);
        expect(await columns('cookings')).toContain('note4');
        return;
      }
      // Nothing names the idle holder: it is left, said so, and the statement gives up.
      expect(killed.code).toBe(7);
      expect(killed.stdout).toContain(
        "--kill-blockers: MariaDB's metadata_lock_info plugin is not loaded and could not be installed (",
      );
      expect(killed.stdout).toMatch(
        new RegExp(`--kill-blockers: left connection ${scene.idleHolder.connectionId} \\(.*\\[open transaction\\]`),
      );
      expect(killed.stdout).toContain(`--kill-blockers: left connection ${scene.innocent.connectionId} (`);
      expect(killed.stdout.match(/--kill-blockers: ended/g)).toHaveLength(1);
      expect(killed.stdout).toMatch(/\[its statement or row locks touch the table\]/);
      expect(await scene.alive(scene.idleHolder.connection)).toBe(true);
      await scene.idleHolder.commit();
      await scene.innocent.connection.query('COMMIT');
      expect((await dbProcess(['up'], url, { cwd: project.dir })).code).toBe(0);
      expect(await columns('cookings')).toContain('note4');
    } finally {
      await scene.end();
      await migrator?.drop();
    }
  });

  it('status lists transactions open longer than MIGRATION_LONG_TRX with their details', async () => {
    const blocker = await openTransaction();
    try {
      await sleep(1_100);
      const status = await run(['status'], { MIGRATION_LONG_TRX: '1' });
      expect(status.stdout).toMatch(
        new RegExp(
          `warning: transaction open longer than 1 s: connection ${blocker.connectionId} \\(root@[^)]+\\), transaction open \\d+ s, Sleep, idle`,
        ),
      );
      const json = JSON.parse((await run(['status', '--json'], { MIGRATION_LONG_TRX: '1' })).stdout);
      expect(json.longTransactions.map((item: { connectionId: number }) => item.connectionId)).toContain(
        blocker.connectionId,
      );
    } finally {
      await blocker.commit();
    }
  });

  it('up --steps 1 with a migration BLOCKED half-way resumes it and runs nothing ahead of it', async () => {
    const [blocked, later] = ['Migration20991231000010', 'Migration20991231000011'];
    await addMigration(
      blocked,
      [
        'create table `steps_side` (`id` int not null primary key)',
        'alter table `cookings` add `note10` varchar(20) null',
        'alter table `steps_side` add `extra` int null',
      ],
      ['drop table if exists `steps_side`', 'alter table `cookings` drop column `note10`'],
    );
    const blocker = await openTransaction();
    const refused = await run(['up']);
    await blocker.commit();
    expect(refused.code).toBe(7);
    expect(refused.stdout).toContain(`⏸ ${blocked}  BLOCKED at statement 2 of 3`);
    await addMigration(
      later,
      ['alter table `cookings` add `note11` varchar(20) null'],
      ['alter table `cookings` drop column `note11`'],
    );

    // Before the engine chose the steps, the command counted only pending migrations: it ran the
    // later one, and left the blocked one half-applied behind it.
    const one = await run(['up', '--steps', '1']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(new RegExp(`↑ ${blocked} {2}applied, 3 statements \\(resumed at 2\\)`));
    expect(one.stdout).not.toContain(later);
    expect(await columns('steps_side')).toEqual(['id', 'extra']);
    expect(await columns('cookings')).not.toContain('note11');
    expect(await tracked(later)).toBe(0);
    expect((await run(['up', '--steps', '1'])).code).toBe(0);
    expect(await columns('cookings')).toContain('note11');
  });
});
