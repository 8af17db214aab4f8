import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createOrmConfig } from '../../mikro-orm.config.js';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';
import { MigrationLock } from '../../src/migrator/index.js';
import { dbProcess, startDbProcess } from '../support/db-cli.js';
import { PROJECT_ROOT } from '../support/run-cli.js';
import { createScratchProject } from '../support/scratch-project.js';
import { clusterApp, counter, freshName, readiness, trackedOn } from '../support/cluster/cluster-app.js';
import { sleep, until, type ClusterFixture } from '../support/cluster/cluster-fixture.js';
import { addMigration, fillCookings, untilRunning, whileNotWriter } from '../support/cluster/cluster-steps.js';
import { startTierCluster } from '../support/cluster/tier-cluster.js';
import { writeLoop } from '../support/cluster/write-loop.js';

const MIGRATIONS = readdirSync(join(PROJECT_ROOT, 'migrations'))
  .filter((file) => /^Migration\d+\.ts$/.test(file))
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();

const figures: Record<string, unknown> = {};
let cluster: ClusterFixture;

beforeAll(async () => {
  const started = Date.now();
  cluster = await startTierCluster();
  figures.kind = cluster.kind;
  figures.startMs = Date.now() - started;
}, 300_000);

afterAll(async () => {
  await cluster?.destroy();
  process.stdout.write(`cluster suite (${JSON.stringify(figures)})\n`);
}, 120_000);

/** Every member ONLINE / synced again after a test that killed one. */
afterEach(async () => {
  for (const node of cluster.ports.keys()) {
    if (!cluster.running(node)) {
      await cluster.restart(node);
    }
  }
  await cluster.healthy();
}, 300_000);

const jobEnv = { MIGRATION_LOG_FORMAT: 'text', MIGRATION_LOCK_LEASE: '5' };

/** Where the engine's own connections go on one member. */
const target = (node: number) => ({ host: '127.0.0.1', port: cluster.ports[node], user: 'root', password: '' });

describe('the migrate job on a cluster', () => {
  it('two jobs at once on two members of a fresh database: each migration applied exactly once, both exit 0', async () => {
    const database = freshName('two_jobs');
    const [first, second] = await Promise.all([
      dbProcess(['up'], cluster.url(database, [0, 1, 2]), { env: jobEnv }),
      dbProcess(['up'], cluster.url(database, [1, 2, 0]), { env: jobEnv }),
    ]);
    figures.twoJobs = [first.code, second.code];
    expect([first, second].map(({ code, output }) => ({ code, output }))).toMatchObject([{ code: 0 }, { code: 0 }]);
    const applied = [first.output, second.output].flatMap((output) => output.match(/^↑ Migration\d+/gm) ?? []);
    expect(applied.sort()).toEqual(MIGRATIONS.map((name) => `↑ ${name}`));
    for (const output of [first.output, second.output]) {
      expect(output).toMatch(/cluster: (galera|group-replication) \(/);
    }
    for (const node of cluster.ports.keys()) {
      expect(await trackedOn(cluster, node, database)).toEqual(MIGRATIONS);
    }
  });

  it('a job pointed at one member that does not take writes applies on the writer, and waits for every member', async () => {
    const database = freshName('one_member');
    const other = ((await cluster.writer()) + 1) % 3;
    const job = await whileNotWriter(cluster, other, () =>
      dbProcess(['up'], cluster.url(database, [other]), { env: jobEnv }),
    );
    expect({ code: job.code, output: job.output }).toMatchObject({ code: 0 });
    expect(job.output).toContain(
      `DATABASE_URL named 127.0.0.1:${cluster.ports[other]} first, which does not take writes now`,
    );
    expect(job.output).toMatch(/Cluster members: 2 of 2 have replayed every migration/);
    for (const node of cluster.ports.keys()) {
      expect(await trackedOn(cluster, node, database)).toEqual(MIGRATIONS);
    }
  });

  it('the engine itself refuses a member that does not take writes, before anything runs', async () => {
    const database = freshName('refused');
    const other = ((await cluster.writer()) + 1) % 3;
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: cluster.url(database, [other]) });
    // With the flavor given, the config keeps the URL's member instead of going to the writer.
    const flavor = cluster.kind === 'galera' ? 'mariadb' : 'mysql';
    const orm = await MikroORM.init(await createOrmConfig(config, { flavor, entities: false }));
    try {
      await whileNotWriter(cluster, other, async () => {
        await expect(orm.migrator.up()).rejects.toMatchObject({
          kind: 'not-the-writer',
          summary: expect.stringMatching(
            /^127\.0\.0\.1:\d+ is a (galera|group-replication) member that does not take writes/,
          ),
        });
      });
      expect(await cluster.query(await cluster.writer(), 'SHOW DATABASES LIKE ?', [database])).toEqual([]);
    } finally {
      await orm.close(true);
    }
  });

  it('the lock row: two runs racing on two members, 20 rounds: never both inside at once', async () => {
    const database = freshName('race');
    const writer = await cluster.writer();
    // Galera: two nodes; Group Replication: only the primary takes the lock (the others are refused).
    const [a, b] = cluster.kind === 'galera' ? [0, 1] : [writer, writer];
    const lock = (node: number) => new MigrationLock({ ...target(node), database }, 0, () => undefined, 5);
    await lock(a).hold(() => Promise.resolve());
    let inside = 0;
    let mostInside = 0;
    let refused = 0;
    const attempt = (node: number) =>
      lock(node)
        .hold(async () => {
          mostInside = Math.max(mostInside, ++inside);
          await sleep(300);
          inside--;
        })
        .catch((error: Error) => {
          expect(error).toMatchObject({ kind: 'lock-timeout' });
          refused++;
        });
    for (let round = 0; round < 20; round++) {
      await Promise.all([attempt(a), attempt(b)]);
    }
    figures.lockRace = { rounds: 20, refused, mostInside };
    expect(mostInside).toBe(1);
    expect(refused).toBeGreaterThan(0);
  });
});

describe('the API when the writer dies', () => {
  let database: string;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    database = freshName('failover');
    expect((await dbProcess(['up'], cluster.url(database), { env: jobEnv })).code).toBe(0);
    app = await clusterApp(cluster, database);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('kill -9 of the writer under a write loop: only 503s with Retry-After meanwhile, every acknowledged write kept', async () => {
    const before = await readiness(app);
    expect(before.status).toBe(200);
    const writer = await cluster.writer();
    expect(before.writer).toBe(`127.0.0.1:${cluster.ports[writer]}`);
    const load = writeLoop(app);
    await until(() => Promise.resolve(load.acked() > 50), 'the first writes', 30_000);
    await cluster.kill(writer);
    const killedAt = load.acked();
    await until(() => Promise.resolve(load.acked() > killedAt + 100), 'writes to go through again', 120_000);
    await sleep(1_000);
    const result = await load.stop();
    figures.failover = { gapMs: result.gapMs, statuses: result.statuses, acked: result.acked.length };
    expect(Object.keys(result.statuses).filter((status) => status !== '201' && status !== '503')).toEqual([]);
    if (result.refusal) {
      expect(result.refusal).toEqual({
        status: 503,
        retryAfter: expect.stringMatching(/^\d+$/),
        body: { statusCode: 503, error: 'Service Unavailable', message: expect.any(String) },
      });
    }
    const now = await cluster.writer();
    expect(now).not.toBe(writer);
    const present = await cluster.query<{ n: number }[]>(
      now,
      `SELECT COUNT(*) AS n FROM \`${database}\`.cookings WHERE id IN (${result.acked.join(',')})`,
    );
    expect(Number(present[0].n)).toBe(result.acked.length);
    const after = await readiness(app);
    expect(after.writer).toBe(`127.0.0.1:${cluster.ports[now]}`);
    expect(after.members.find((member) => member.name === `127.0.0.1:${cluster.ports[writer]}`)).toMatchObject({
      up: false,
      takesWrites: false,
    });
  });

  it('a killed member rejoins and the API uses it again', async () => {
    const killed = await cluster.writer();
    await cluster.kill(killed);
    const name = `127.0.0.1:${cluster.ports[killed]}`;
    await until(
      async () => (await readiness(app)).writer !== null && (await readiness(app)).writer !== name,
      'a new writer',
      60_000,
    );
    await cluster.restart(killed);
    await until(
      async () => {
        const view = await readiness(app);
        return cluster.kind === 'galera' ? view.writer === name : view.serving[name] === true;
      },
      'the rejoined member to be used again',
      60_000,
    );
    const rejoined = (await readiness(app)).members.find((member) => member.name === name);
    expect(rejoined).toMatchObject({ up: true, state: cluster.kind === 'galera' ? 'Synced' : 'ONLINE' });
    // Galera: the first node of the URL takes the writes again; Group Replication: it serves reads.
    const used = () => (cluster.kind === 'galera' ? counter(cluster, killed, 'Com_insert') : cookingReads(killed));
    const before = await used();
    const created = await app.inject({ method: 'POST', url: '/cookings', payload: { name: 'after the rejoin' } });
    expect(created.statusCode).toBe(201);
    // Read-your-writes: the token the write answered makes a member wait until it has the row.
    const token = String(created.headers['x-consistency-token']);
    for (let read = 0; read < 20; read++) {
      const url = `/cookings/${created.json<{ id: number }>().id}`;
      expect((await app.inject({ method: 'GET', url, headers: { 'x-consistency-token': token } })).statusCode).toBe(
        200,
      );
    }
    expect(await used()).toBeGreaterThan(before);
  });

  /** Statements that read `cookings` on a member (performance_schema, on by default on MySQL): the API's reads, not its checks. */
  async function cookingReads(node: number): Promise<number> {
    const [row] = await cluster.query<{ n: number | null }[]>(
      node,
      'SELECT SUM(COUNT_STAR) AS n FROM performance_schema.events_statements_summary_by_digest ' +
        "WHERE SCHEMA_NAME = ? AND DIGEST_TEXT LIKE 'SELECT%`cookings`%'",
      [database],
    );
    return Number(row?.n ?? 0);
  }
});

describe('a migration on a cluster', () => {
  it('kill -9 of the writer mid-migration, then the job again: it takes the lock over and resumes on the new writer', async () => {
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
  });

  it('kill -9 of the job itself mid-statement: the next job waits for that statement, takes the lock over, resumes', async () => {
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
  });

  it('a migration while another member takes writes: every node keeps answering, none wedges, no LOCK TABLES on Galera', async () => {
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
        [
          'alter table `cookings` drop index `cookings_window_index`',
          'alter table `cookings` drop column `window_note`',
        ],
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
        const [row] = await cluster.query<{ n: number }[]>(node, `SELECT COUNT(*) AS n FROM \`${database}\`.cookings`);
        expect(Number(row.n)).toBeGreaterThanOrEqual(result.acked.length);
      }
    } finally {
      await app.close();
      await project.remove();
    }
  });
});
