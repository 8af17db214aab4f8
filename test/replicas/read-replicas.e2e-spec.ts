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

const TOKEN = 'x-consistency-token';
const figures: Record<string, string | number> = {};

afterAll(() => {
  process.stdout.write(`read replicas (${JSON.stringify(figures)})\n`);
});

describe('read replicas: routing, read-your-writes, lag and failures (a private primary and replica)', () => {
  let rdb: ReplicatedDatabase;
  /** Tolerates lag up to 30 s, so that a delayed replica stays in the read set. */
  let app: NestFastifyApplication;

  beforeAll(async () => {
    rdb = await replicatedDatabase('replicas');
    const up = await db(['up'], rdb.primaryUrl, { DATABASE_REPLICA_URLS: rdb.replicaUrl });
    expect(up).toMatchObject({ code: 0 });
    app = await startReplicatedApp(rdb, { REPLICA_MAX_LAG_SECONDS: '30' });
    await untilServing(app, 'the replica to join the read set');
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await rdb?.destroy();
  }, 60_000);

  async function create(name: string): Promise<{ id: number; token: string }> {
    const response = await app.inject({ method: 'POST', url: '/cookings', payload: { name } });
    expect(response.statusCode).toBe(201);
    return { id: response.json<{ id: number }>().id, token: String(response.headers[TOKEN]) };
  }

  async function read(id: number, token?: string): Promise<number> {
    const headers = token ? { [TOKEN]: token } : {};
    return (await app.inject({ method: 'GET', url: `/cookings/${id}`, headers })).statusCode;
  }

  /** How much a global status counter grew on each server while `work` ran. */
  async function counted(name: string, work: () => Promise<void>): Promise<{ primary: number; replica: number }> {
    const before = [await rdb.pair.counter('primary', name), await rdb.pair.counter('replica', name)];
    await work();
    const after = [await rdb.pair.counter('primary', name), await rdb.pair.counter('replica', name)];
    return { primary: after[0] - before[0], replica: after[1] - before[1] };
  }

  it('reads land on the replica and writes on the primary (the servers’ statement counters)', async () => {
    const { id } = await create('read from the replica');
    await rdb.pair.caughtUp();
    const selects = await counted('Com_select', async () => {
      for (let i = 0; i < 200; i++) {
        expect(await read(id)).toBe(200);
      }
    });
    // The replica also answers its health checks (a few per second); the primary none of the reads.
    expect(selects.replica).toBeGreaterThanOrEqual(200);
    expect(selects.primary).toBeLessThan(20);
    const inserts = await counted('Com_insert', async () => {
      for (let i = 0; i < 20; i++) {
        await create(`write ${i}`);
      }
    });
    expect(inserts.primary).toBeGreaterThanOrEqual(20);
    // Replication runs one way: a write sent to the replica would be missing on the primary.
    const [{ rows }] = await rdb.pair.onPrimary<{ rows: number }[]>(
      `SELECT COUNT(*) AS \`rows\` FROM \`${rdb.name}\`.cookings WHERE name LIKE 'write %'`,
    );
    expect(Number(rows)).toBe(20);
    Object.assign(figures, { routedReads: 200, replicaSelects: selects.replica, primarySelects: selects.primary });
  });

  it('a read with the token of a write sees it, from the primary while the replica is behind, then from the replica', async () => {
    await rdb.pair.delay(4);
    const delayed = Date.now();
    try {
      // A check in flight while the applier restarted may still say what it saw then.
      await untilServing(app, 'the delayed replica to serve', { checkedSince: delayed });
      const { id, token } = await create('read your writes');
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      const started = performance.now();
      expect(await read(id, token)).toBe(200);
      figures.tokenReadBehindMs = Math.round(performance.now() - started);
      // Without the token the replica answers, four seconds behind: it has not the row yet.
      expect(await read(id)).toBe(404);
      await rdb.pair.caughtUp();
      const selects = await counted('Com_select', async () => {
        for (let i = 0; i < 50; i++) {
          expect(await read(id, token)).toBe(200);
        }
      });
      expect(selects.replica).toBeGreaterThanOrEqual(100); // the wait and the read, on the replica
      expect(selects.primary).toBeLessThan(10);
    } finally {
      await rdb.pair.delay(0);
    }
    const { id, token } = await create('token cost');
    await rdb.pair.caughtUp();
    const time = async (withToken: boolean) => {
      const started = performance.now();
      for (let i = 0; i < 100; i++) {
        await read(id, withToken ? token : undefined);
      }
      return (performance.now() - started) / 100;
    };
    const plain = await time(false);
    const withToken = await time(true);
    Object.assign(figures, { plainReadMs: plain.toFixed(2), tokenReadMs: withToken.toFixed(2) });
  });

  it('a value that is not a consistency token is answered 400 with the uniform body; the probes ignore it', async () => {
    const response = await app.inject({ method: 'GET', url: '/cookings/1', headers: { [TOKEN]: 'not a token!' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, message: expect.stringContaining(TOKEN) });
    // The probes take no token: a bad one does not fail them.
    const live = await app.inject({ method: 'GET', url: '/health/live', headers: { [TOKEN]: 'not a token!' } });
    expect(live.statusCode).toBe(200);
    const forged = Buffer.from('drop table', 'utf8').toString('base64url');
    expect((await app.inject({ method: 'GET', url: '/cookings/1', headers: { [TOKEN]: forged } })).statusCode).toBe(
      400,
    );
  });

  it('the OpenAPI document shows the token: a header each read may send, and each write answers', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
    const read = doc.paths['/cookings/{id}'].get;
    expect(read.parameters).toContainEqual(expect.objectContaining({ name: 'X-Consistency-Token', in: 'header' }));
    const write = doc.paths['/cookings'].post;
    expect(Object.keys(write.responses['201'].headers)).toContain('X-Consistency-Token');
    // The probes neither take nor answer it.
    expect(JSON.stringify(doc.paths['/health/ready'])).not.toContain('X-Consistency-Token');
  });

  it('lag over REPLICA_MAX_LAG_SECONDS moves reads off the replica with 0 errors, and back once it catches up', async () => {
    const strict = await startReplicatedApp(rdb, { REPLICA_MAX_LAG_SECONDS: '1' });
    try {
      await untilServing(strict, 'the replica to serve the strict app');
      await rdb.pair.delay(60);
      const { id } = await (async () => {
        const response = await strict.inject({ method: 'POST', url: '/cookings', payload: { name: 'lagging' } });
        return response.json<{ id: number }>();
      })();
      let lagSeen = 0;
      await waitFor(async () => {
        const { replica } = await readiness(strict);
        lagSeen = Math.max(lagSeen, replica.lagSeconds ?? 0);
        return !replica.serving && /over REPLICA_MAX_LAG_SECONDS/.test(replica.problem ?? '');
      }, 'the lagging replica to leave the read set');
      const statuses = new Map<number, number>();
      for (let i = 0; i < 100; i++) {
        const status = (await strict.inject({ method: 'GET', url: `/cookings/${id}` })).statusCode;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      // Served by the primary: the row the replica has not applied yet is there.
      expect(Object.fromEntries(statuses)).toEqual({ 200: 100 });
      expect((await readiness(strict)).status).toBe(200);
      await rdb.pair.delay(0);
      const backMs = await untilServing(strict, 'the replica to come back');
      Object.assign(figures, { lagSeenSeconds: lagSeen, lagReadsOnPrimary: 100, lagBackMs: backMs });
    } finally {
      await rdb.pair.delay(0);
      await strict.close();
    }
  }, 120_000);
});
