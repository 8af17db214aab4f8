import { execFileSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { createApp } from '../../../../src/app.factory.js';
import { loadConfig } from '../../../../src/config/app-config.js';
import { dbProcess, startDbProcess } from '../../db-cli.js';
import { PROJECT_ROOT } from '../../run-cli.js';
import { createScratchProject } from '../../scratch-project.js';
import { counter, freshName, trackedOn } from '../cluster-app.js';
import { sleep, until } from '../cluster-fixture.js';
import { addMigration, fillCookings, untilRunning } from '../cluster-steps.js';
import { writeLoop } from '../write-loop.js';
import { MIGRATIONS, jobEnv, type ClusterCase } from './common.js';

/** kill -9 of the writer mid-migration, then the job again. */
export async function writerKilledMidMigration({ cluster, figures }: ClusterCase): Promise<void> {
  const database = freshName('resume');
  const url = cluster.url(database);
  const project = await createScratchProject();
  try {
    expect((await dbProcess(['up'], url, { cwd: project.dir, env: jobEnv })).code).toBe(0);
    const writer = await cluster.writer();
    await fillCookings(cluster, writer, database, 300_000);
    const name = 'Migration20991231000031';
    await addMigration(
      project.dir,
      name,
      [
        'alter table `cookings` add `resume_note` varchar(20) null',
        'alter table `cookings` add index `cookings_resume_index` (`name`, `category`)',
        'alter table `cookings` add `resume_flag` int null',
      ],
      [
        'alter table `cookings` drop column `resume_flag`',
        'alter table `cookings` drop index `cookings_resume_index`',
        'alter table `cookings` drop column `resume_note`',
      ],
    );
    // Group Replication: the dead primary is no ONLINE primary, so its lock is taken over at once
    // (the default lease is never waited for). Galera: its node does not answer: the lease runs out.
    const lease = cluster.kind === 'galera' ? '5' : '30';
    const job = startDbProcess(['up'], url, { cwd: project.dir, env: { ...jobEnv, MIGRATION_LOCK_LEASE: lease } });
    await untilRunning(cluster, writer, database, name, 2);
    await cluster.kill(writer);
    const first = await job.done;
    expect(first.code).not.toBe(0);
    const again = await dbProcess(['up'], url, { cwd: project.dir, env: { ...jobEnv, MIGRATION_LOCK_LEASE: lease } });
    figures.resume = {
      firstExit: first.code,
      again: again.code,
      lock: /took over the migration lock [^:]*: ([^\n]*)/.exec(again.output)?.[1] ?? 'free',
      statement2: /that statement had (not )?taken effect/.exec(again.output)?.[0],
    };
    if (again.code !== 0) {
      throw new Error(`the job again exited ${again.code}:\n${again.output}\n(the first run:\n${first.output})`);
    }
    expect({ code: again.code, output: again.output }).toMatchObject({ code: 0 });
    expect(again.output).toContain(
      cluster.kind === 'galera'
        ? 'its lease ran out and it never released the lock'
        : 'its connection or its member is gone, so it can change nothing any more',
    );
    expect(again.output).toMatch(
      new RegExp(
        `${name} was interrupted at statement 2 of 3 by its run's end; that statement had (not )?taken effect`,
      ),
    );
    expect(again.output).toMatch(new RegExp(`↑ ${name}`));
    const now = await cluster.writer();
    expect(await trackedOn(cluster, now, database)).toEqual([...MIGRATIONS, name]);
    const [definition] = await cluster.query<Record<string, string>[]>(
      now,
      `SHOW CREATE TABLE \`${database}\`.cookings`,
    );
    expect(definition['Create Table']).toMatch(/`resume_note` varchar\(20\)/);
    expect(definition['Create Table']).toMatch(/KEY `cookings_resume_index` \(`name`,`category`\)/);
    expect(definition['Create Table']).toMatch(/`resume_flag` int/);
  } finally {
    await project.remove();
  }
}

/** kill -9 of the job process mid-statement, then the job again. */
export async function jobKilledMidStatement({ cluster, figures }: ClusterCase): Promise<void> {
  const database = freshName('killed_job');
  const url = cluster.url(database);
  const project = await createScratchProject();
  try {
    expect((await dbProcess(['up'], url, { cwd: project.dir })).code).toBe(0);
    const writer = await cluster.writer();
    await fillCookings(cluster, writer, database, 300_000);
    const name = 'Migration20991231000033';
    await addMigration(
      project.dir,
      name,
      [
        'alter table `cookings` add `killed_note` varchar(20) null',
        'alter table `cookings` add index `cookings_killed_index` (`category`, `name`)',
        'alter table `cookings` add `killed_flag` int null',
      ],
      [
        'alter table `cookings` drop column `killed_flag`',
        'alter table `cookings` drop index `cookings_killed_index`',
        'alter table `cookings` drop column `killed_note`',
      ],
    );
    const job = startDbProcess(['up'], url, { cwd: project.dir });
    await untilRunning(cluster, writer, database, name, 2);
    job.kill('SIGKILL');
    await job.done;
    // The default lease (30 s): the job's connection is gone, so the lock is taken over once its ALTER has ended.
    const again = await dbProcess(['up'], url, { cwd: project.dir });
    figures.killedJob = {
      again: again.code,
      statement2: /that statement had (not )?taken effect/.exec(again.output)?.[0],
    };
    expect({ code: again.code, output: again.output }).toMatchObject({ code: 0 });
    expect(again.output).toContain('its connection or its member is gone, so it can change nothing any more');
    expect(again.output).toContain(
      `${name} was interrupted at statement 2 of 3 by its run's end; that statement had taken effect`,
    );
    expect(await trackedOn(cluster, writer, database)).toEqual([...MIGRATIONS, name]);
    const [definition] = await cluster.query<Record<string, string>[]>(
      writer,
      `SHOW CREATE TABLE \`${database}\`.cookings`,
    );
    expect(definition['Create Table']).toMatch(/KEY `cookings_killed_index` \(`category`,`name`\)/);
    expect(definition['Create Table']).toMatch(/`killed_flag` int/);
  } finally {
    await project.remove();
  }
}

/** A migration on one member while another takes the writes. */
export async function migrationUnderWrites({ cluster, figures }: ClusterCase): Promise<void> {
  const database = freshName('under_writes');
  const project = await createScratchProject();
  const app = await (async () => {
    expect((await dbProcess(['up'], cluster.url(database), { cwd: project.dir, env: jobEnv })).code).toBe(0);
    return createApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: cluster.url(database) }));
  })();
  try {
    const name = 'Migration20991231000032';
    await addMigration(
      project.dir,
      name,
      [
        'alter table `cookings` add `window_note` varchar(20) null',
        'alter table `cookings` add index `cookings_window_index` (`category`, `name`)',
      ],
      ['alter table `cookings` drop index `cookings_window_index`', 'alter table `cookings` drop column `window_note`'],
    );
    expect(
      (await app.inject({ method: 'POST', url: '/cookings', payload: { name: 'a row to weigh' } })).statusCode,
    ).toBe(201);
    const writer = await cluster.writer();
    // Galera: the job on another node than the API's writes; Group Replication: only the primary writes.
    const jobNodes = cluster.kind === 'galera' ? [(writer + 1) % 3, (writer + 2) % 3, writer] : [0, 1, 2];
    const jobNode = cluster.kind === 'galera' ? jobNodes[0] : writer;
    const plan = await dbProcess(['plan'], cluster.url(database, jobNodes), { cwd: project.dir, env: jobEnv });
    expect(plan.code).toBe(0);
    expect(plan.output).toContain(
      cluster.kind === 'galera'
        ? 'blocks every write in the cluster for its duration (Galera runs DDL in total order)'
        : 'the secondaries apply it after it ends here: they lag by its duration',
    );
    if (cluster.kind === 'galera') {
      // In production the size guard counts the index build as blocking: it holds the whole cluster.
      const guarded = await dbProcess(['up'], cluster.url(database, jobNodes), {
        cwd: project.dir,
        env: { ...jobEnv, NODE_ENV: 'production', MIGRATION_BLOCKING_ROWS: '0' },
      });
      expect(guarded.code).toBe(1);
      expect(guarded.output).toContain(name);
      expect(guarded.output).toMatch(/allowBlocking/);
    }
    const lockTables = await counter(cluster, jobNode, 'Com_lock_tables');
    const load = writeLoop(app, 2, 'window');
    await until(() => Promise.resolve(load.acked() > 20), 'the first writes', 30_000);
    const job = await dbProcess(['up'], cluster.url(database, jobNodes), { cwd: project.dir, env: jobEnv });
    await sleep(500);
    const result = await load.stop();
    figures.window = { statuses: result.statuses, gapMs: result.gapMs, job: job.code };
    expect(job.code).toBe(0);
    expect(Object.keys(result.statuses)).toEqual(['201']);
    if (cluster.kind === 'galera') {
      expect(await counter(cluster, jobNode, 'Com_lock_tables')).toBe(lockTables);
    }
    for (const node of cluster.ports.keys()) {
      const [row] = await cluster.caughtUpQuery<{ n: number }[]>(
        node,
        `SELECT COUNT(*) AS n FROM \`${database}\`.cookings`,
      );
      expect(Number(row.n)).toBeGreaterThanOrEqual(result.acked.length);
    }
  } finally {
    await app.close();
    await project.remove();
  }
}

/**
 * `online = 'pt-osc'` on the cluster: a table copy (a column type change) goes through
 * pt-online-schema-change in small chunks instead of holding the table (and on Galera the whole
 * cluster) for its duration, and the production size guard lets it through.
 */
export async function onlineChangeOnTheCluster({ cluster, figures }: ClusterCase): Promise<void> {
  const database = freshName('online');
  const project = await createScratchProject();
  const path = process.env.PATH;
  try {
    process.env.PATH = `${toolkit()}${delimiter}${path}`;
    expect((await dbProcess(['up'], cluster.url(database), { cwd: project.dir })).code).toBe(0);
    const writer = await cluster.writer();
    await fillCookings(cluster, writer, database, 1_000);
    const name = 'Migration20991231000034';
    await addMigration(
      project.dir,
      name,
      ["alter table `cookings` modify `description` mediumtext null comment '説明'"],
      ["alter table `cookings` modify `description` text null comment '説明'"],
      "  online = 'pt-osc';\n",
    );
    const job = await dbProcess(['up'], cluster.url(database), {
      cwd: project.dir,
      env: { NODE_ENV: 'production', MIGRATION_BLOCKING_ROWS: '100' },
    });
    figures.online = { exit: job.code };
    expect({ code: job.code, output: job.output }).toMatchObject({ code: 0 });
    expect(job.output).toContain('copies the table online through pt-online-schema-change');
    expect(job.output).toContain(`${name} statement 1: cookings changed online`);
    for (const node of cluster.ports.keys()) {
      await cluster.caughtUpQuery(node, 'SELECT 1');
      const [definition] = await cluster.query<Record<string, string>[]>(
        node,
        `SHOW CREATE TABLE \`${database}\`.cookings`,
      );
      expect(definition['Create Table']).toMatch(/`description` mediumtext/);
    }
  } finally {
    process.env.PATH = path;
    await project.remove();
  }
}

/** A pt-online-schema-change new enough for MySQL 8.4/9.x (scripts/ensure-percona-toolkit.sh). */
function toolkit(): string {
  return execFileSync('bash', [join(PROJECT_ROOT, 'scripts', 'ensure-percona-toolkit.sh')])
    .toString()
    .trim();
}
