import { MikroORM } from '@mikro-orm/core';
import { createOrmConfig } from '../../../../src/db/orm-config.js';
import { loadConfig } from '../../../../src/config/app-config.js';
import { MigrationLock } from '../../../../src/migrator/index.js';
import { dbProcess } from '../../db-cli.js';
import { freshName, trackedOn } from '../cluster-app.js';
import { sleep } from '../cluster-fixture.js';
import { whileNotWriter } from '../cluster-steps.js';
import { MIGRATIONS, jobEnv, target, type ClusterCase } from './common.js';

/** Two migrate jobs started at once on two members of a fresh database. */
export async function twoJobsAtOnce({ cluster, figures }: ClusterCase): Promise<void> {
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
}

/** A job given only a member that does not take writes. */
export async function jobOnAMemberThatDoesNotWrite({ cluster }: ClusterCase): Promise<void> {
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
}

/** The engine itself, kept on such a member, refuses before anything runs. */
export async function engineRefusesThatMember({ cluster }: ClusterCase): Promise<void> {
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
}

/** The lock row raced from two members, 20 rounds. */
export async function lockRowRaced({ cluster, figures }: ClusterCase): Promise<void> {
  const database = freshName('race');
  const writer = await cluster.writer();
  // Galera: two nodes; Group Replication: only the primary takes the lock (the others are refused).
  const [a, b] = cluster.kind === 'galera' ? [0, 1] : [writer, writer];
  const lock = (node: number) => new MigrationLock({ ...target(cluster, node), database }, 0, () => undefined, 5);
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
}
