import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { db } from '../support/db-cli.js';
import {
  readiness,
  replicatedDatabase,
  startReplicatedApp,
  untilServing,
  waitFor,
  type ReplicatedDatabase,
} from '../support/replicated-app.js';

const figures: Record<string, string | number> = {};

afterAll(() => {
  process.stdout.write(`replica failures (${JSON.stringify(figures)})\n`);
});

/** Reads in a loop on `concurrency` lanes until stopped; counts the answers by status. */
function readLoad(app: NestFastifyApplication, url: string, concurrency = 4) {
  const statuses = new Map<number, number>();
  let running = true;
  const lanes = Array.from({ length: concurrency }, async () => {
    while (running) {
      const status = (await app.inject({ method: 'GET', url })).statusCode;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  });
  return {
    async stop(): Promise<Record<number, number>> {
      running = false;
      await Promise.all(lanes);
      return Object.fromEntries(statuses);
    },
  };
}

describe('replica failures: a killed replica, a replica behind on schema, and the migrate job waiting', () => {
  let rdb: ReplicatedDatabase;
  let app: NestFastifyApplication;
  let tracking: string;

  beforeAll(async () => {
    rdb = await replicatedDatabase('replica_faults');
    // The job waits for the replica, here two seconds behind by design.
    await rdb.pair.delay(2);
    const started = Date.now();
    const up = await db(['up'], rdb.primaryUrl, { DATABASE_REPLICA_URLS: rdb.replicaUrl });
    figures.migrationReachedReplicaMs = Date.now() - started;
    expect(up.code).toBe(0);
    expect(up.output).toMatch(/Replicas: 1 of 1 have replayed every migration \(127\.0\.0\.1:\d+ \d+\.\d s\)/);
    tracking = 'mikro_orm_migrations';
    const onPrimary = await rdb.pair.onPrimary(`SELECT name FROM \`${rdb.name}\`.${tracking} ORDER BY id`);
    const onReplica = await rdb.pair.onReplica(`SELECT name FROM \`${rdb.name}\`.${tracking} ORDER BY id`);
    expect(onReplica).toEqual(onPrimary);
    expect(onPrimary.length).toBeGreaterThan(0);
    await rdb.pair.delay(0);
    app = await startReplicatedApp(rdb);
    await untilServing(app, 'the replica to join the read set');
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await rdb?.destroy();
  }, 60_000);

  it('a killed replica: reads fall back to the primary with 0 errors, readiness shows it down, it comes back by itself', async () => {
    const created = await app.inject({ method: 'POST', url: '/cookings', payload: { name: 'survives' } });
    await rdb.pair.caughtUp();
    const load = readLoad(app, `/cookings/${created.json<{ id: number }>().id}`);
    await new Promise((done) => setTimeout(done, 500));
    await rdb.pair.killReplica();
    const downMs = await waitFor(async () => !(await readiness(app)).replica.up, 'readiness to show the replica down');
    const { status, replica } = await readiness(app);
    expect(status).toBe(200);
    expect(replica).toMatchObject({ up: false, serving: false, problem: expect.stringMatching(/down|read failed/) });
    await new Promise((done) => setTimeout(done, 1_000));
    await rdb.pair.startReplica();
    const backMs = await untilServing(app, 'the replica to come back', { timeoutMs: 60_000 });
    const statuses = await load.stop();
    expect(Object.keys(statuses)).toEqual(['200']);
    Object.assign(figures, { killRequests: statuses[200], killErrors: 0, killSeenDownMs: downMs, killBackMs: backMs });
  }, 120_000);

  it('a replica whose schema head is behind the build serves no reads until it has the migration', async () => {
    const [{ name: head }] = await rdb.pair.onPrimary<{ name: string }[]>(
      `SELECT name FROM \`${rdb.name}\`.${tracking} ORDER BY id DESC LIMIT 1`,
    );
    const row = await rdb.pair.onReplica<Record<string, unknown>[]>(
      `SELECT * FROM \`${rdb.name}\`.${tracking} WHERE name = ?`,
      [head],
    );
    // The replica loses the newest tracking row (outside replication): it now looks one migration behind.
    await rdb.pair.onReplica(`DELETE FROM \`${rdb.name}\`.${tracking} WHERE name = ?`, [head]);
    try {
      await waitFor(async () => !(await readiness(app)).replica.serving, 'the replica behind on schema to leave');
      const { replica } = await readiness(app);
      expect(replica.problem).toContain(`schema behind: lacks 1 migration(s) this build needs (${head})`);
      expect(replica.schemaHead).not.toBe(head);
      const before = await rdb.pair.counter('replica', 'Com_select');
      for (let i = 0; i < 50; i++) {
        expect((await app.inject({ method: 'GET', url: '/cookings?limit=5' })).statusCode).toBe(200);
      }
      // Only its health checks (a few a second) reached it, none of the 50 reads.
      expect((await rdb.pair.counter('replica', 'Com_select')) - before).toBeLessThan(50);
    } finally {
      const columns = Object.keys(row[0]);
      await rdb.pair.onReplica(
        `INSERT INTO \`${rdb.name}\`.${tracking} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        Object.values(row[0]),
      );
    }
    await untilServing(app, 'the replica to serve again with its schema');
  });

  it('with replication stopped the migrate job gives up after MIGRATION_REPLICA_WAIT, exit 13, naming the replica', async () => {
    const down = await db(['down'], rdb.primaryUrl);
    expect(down.code).toBe(0);
    await rdb.pair.caughtUp();
    await rdb.pair.applying(false);
    try {
      const started = Date.now();
      const up = await db(['up'], rdb.primaryUrl, {
        DATABASE_REPLICA_URLS: rdb.replicaUrl,
        MIGRATION_REPLICA_WAIT: '2',
      });
      figures.replicaWaitGaveUpMs = Date.now() - started;
      expect(up.code).toBe(13);
      expect(up.output).toContain('1 of 1 replica(s) did not replay the migrations within MIGRATION_REPLICA_WAIT=2 s');
      expect(up.output).toMatch(new RegExp(`127\\.0\\.0\\.1:${rdb.pair.replicaPort}: lacks Migration\\d+`));
      expect(up.output).toContain('applying NO');
    } finally {
      await rdb.pair.applying(true);
    }
    // Run again once the replica applies: nothing is applied twice, and the job exits 0.
    const again = await db(['up'], rdb.primaryUrl, { DATABASE_REPLICA_URLS: rdb.replicaUrl });
    expect(again.code).toBe(0);
    expect(again.output).toContain('Replicas: 1 of 1 have replayed every migration');
  }, 60_000);
});
