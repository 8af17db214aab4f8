import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dbProcess, startDbProcess } from '../support/db-cli.js';
import { migrationSource } from '../support/migration-source.js';
import { openTransaction as openTransactionIn } from '../support/open-transaction.js';
import { createScratchDatabase, queryDatabase, type ScratchDatabase } from '../support/scratch-database.js';
import { createScratchProject } from '../support/scratch-project.js';
import { waitFor } from '../support/wait-for.js';

interface LockWaitEvent {
  event: 'ddl-lock-wait';
  migration: string;
  attempt: number;
  waitedMs: number;
  blockers: { connectionId: number }[];
}

/**
 * Attempts the servers cannot time themselves, under their one-second floor or between whole
 * seconds (server/lock-first.ts): the migrator ends them itself, and only where nothing of the
 * statement can have run.
 */
describe('metadata-lock attempts under a second', () => {
  let database: ScratchDatabase;
  let project: Awaited<ReturnType<typeof createScratchProject>>;

  const addMigration = (name: string, up: string[], down: string[]) =>
    writeFile(join(project.dir, 'migrations', `${name}.ts`), migrationSource(name, up, down));
  const definition = async () =>
    (await queryDatabase<Record<string, string>>(database.name, 'SHOW CREATE TABLE cookings'))[0]['Create Table'];
  const tracked = async (name: string) =>
    (await queryDatabase(database.name, 'SELECT id FROM mikro_orm_migrations WHERE name = ?', [name])).length;
  const lockWaits = (output: string): LockWaitEvent[] =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{"event":"ddl-lock-wait"'))
      .map((line) => JSON.parse(line) as LockWaitEvent);

  const openTransaction = () => openTransactionIn(database.name);

  /**
   * `up --json` while a transaction blocks the pending migration, with `env`: refused (exit 7)
   * with the table as it was; then the blocker commits. Returns the attempts' lock waits.
   */
  async function refusedWhileBlocked(env: Record<string, string>): Promise<LockWaitEvent[]> {
    const before = await definition();
    const blocker = await openTransaction();
    try {
      const refused = await dbProcess(['up', '--json'], database.url, { cwd: project.dir, env });
      expect(refused.code).toBe(7);
      expect(await definition()).toBe(before);
      return lockWaits(refused.stdout);
    } finally {
      await blocker.commit();
    }
  }

  beforeAll(async () => {
    database = await createScratchDatabase('short_lock');
    project = await createScratchProject();
    expect((await dbProcess(['up'], database.url, { cwd: project.dir })).code).toBe(0);
  });
  afterAll(async () => {
    await project?.remove();
    await database?.drop();
  });

  it('ends an INSTANT statement’s attempt well under a second, changing nothing, and the retry applies it', async () => {
    await addMigration(
      'Migration20991231000011',
      ['alter table `cookings` add `short_note` varchar(20) null'],
      ['alter table `cookings` drop column `short_note`'],
    );
    const before = await definition();
    const blocker = await openTransaction();
    const job = startDbProcess(['up', '--json'], database.url, {
      cwd: project.dir,
      env: { MIGRATION_DDL_LOCK_WAIT: '0.05', MIGRATION_DDL_RETRY_FOR: '60' },
    });
    try {
      await waitFor(() => Promise.resolve(lockWaits(job.output()).length >= 3), 'three ended attempts');
      // Three attempts ended, nothing of the statement ran: the table, the tracking table and
      // the blocker's transaction are as they were.
      expect(await definition()).toBe(before);
      expect(await tracked('Migration20991231000011')).toBe(0);
      const [row] = await blocker.connection.query('SELECT COUNT(*) AS n FROM cookings');
      expect(row).toEqual([{ n: expect.anything() }]);
      await blocker.connection.query('COMMIT');
      const result = await job.done;
      expect(result.code).toBe(0);
      const waits = lockWaits(result.stdout);
      // The servers cannot end a wait before a second: these were ended by the migrator.
      expect(waits.every((wait) => wait.waitedMs < 1000)).toBe(true);
      expect(waits[0].blockers.map((item) => item.connectionId)).toContain(blocker.connectionId);
      expect(await definition()).toContain('`short_note` varchar(20)');
      expect(await tracked('Migration20991231000011')).toBe(1);
      expect((await dbProcess(['verify'], database.url, { cwd: project.dir })).code).toBe(0);
    } finally {
      blocker.connection.destroy();
      await job.done;
    }
  });

  it('leaves a statement that is not INSTANT to the server’s own wait of a second', async () => {
    await addMigration(
      'Migration20991231000012',
      ['alter table `cookings` add index `cookings_short_lock_index` (`category`)'],
      ['alter table `cookings` drop index `cookings_short_lock_index`'],
    );
    const waits = await refusedWhileBlocked({ MIGRATION_DDL_LOCK_WAIT: '0.05', MIGRATION_DDL_RETRY_FOR: '3' });
    expect(waits.length).toBeGreaterThanOrEqual(1);
    // Ending an index build from outside could end it past its first lock: never done.
    expect(waits.every((wait) => wait.waitedMs >= 900)).toBe(true);
    expect((await dbProcess(['up'], database.url, { cwd: project.dir })).code).toBe(0);
    expect(await definition()).toContain('cookings_short_lock_index');
  });

  it('holds a value that is not whole seconds (1.5) exactly for an INSTANT statement, where the server would wait 2 s', async () => {
    await addMigration(
      'Migration20991231000013',
      ['alter table `cookings` add `longer_note` varchar(20) null'],
      ['alter table `cookings` drop column `longer_note`'],
    );
    const waits = await refusedWhileBlocked({ MIGRATION_DDL_LOCK_WAIT: '1.5', MIGRATION_DDL_RETRY_FOR: '4' });
    expect(waits.length).toBeGreaterThanOrEqual(1);
    // lock_wait_timeout would be 2 s (whole seconds, rounded up); the migrator ended each at 1.5.
    expect(waits.every((wait) => wait.waitedMs >= 1400 && wait.waitedMs < 1950)).toBe(true);
    expect((await dbProcess(['up'], database.url, { cwd: project.dir })).code).toBe(0);
    expect(await definition()).toContain('`longer_note` varchar(20)');
  });
});
