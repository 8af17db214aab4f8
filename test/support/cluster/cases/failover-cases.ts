import { until, sleep, type ClusterFixture } from '../cluster-fixture.js';
import { counter, readiness } from '../cluster-app.js';
import { writeLoop } from '../write-loop.js';
import type { ApiCase } from './common.js';

/** kill -9 of the writer while the API writes. */
export async function writerKilledUnderWrites({ cluster, figures, app, database }: ApiCase): Promise<void> {
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
}

/** A killed member rejoins, and the API uses it again. */
export async function killedMemberUsedAgain({ cluster, app, database }: ApiCase): Promise<void> {
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
      // The writer is seen by the topology check and the lag by the member's own check, each on its
      // interval: wait for both to have seen the rejoined member.
      const inUse = cluster.kind === 'galera' ? view.writer === name : view.serving[name] === true;
      return inUse && typeof view.lag[name] === 'number';
    },
    'the rejoined member to be used again',
    60_000,
  );
  const view = await readiness(app);
  // A serving member's lag is known (Group Replication: its applier's; Galera: synced is 0).
  expect(view.lag[name]).toEqual(expect.any(Number));
  const rejoined = view.members.find((member) => member.name === name);
  expect(rejoined).toMatchObject({ up: true, state: cluster.kind === 'galera' ? 'Synced' : 'ONLINE' });
  // Galera: the first node of the URL takes the writes again; Group Replication: it serves reads.
  const used = () =>
    cluster.kind === 'galera' ? counter(cluster, killed, 'Com_insert') : cookingReads(cluster, database, killed);
  const before = await used();
  const created = await app.inject({ method: 'POST', url: '/cookings', payload: { name: 'after the rejoin' } });
  expect(created.statusCode).toBe(201);
  // Read-your-writes: the token the write answered makes a member wait until it has the row.
  const token = String(created.headers['x-consistency-token']);
  for (let read = 0; read < 20; read++) {
    const url = `/cookings/${created.json<{ id: number }>().id}`;
    expect((await app.inject({ method: 'GET', url, headers: { 'x-consistency-token': token } })).statusCode).toBe(200);
  }
  expect(await used()).toBeGreaterThan(before);
}

/** Statements that read `cookings` on a member (performance_schema, on by default on MySQL): the API's reads, not its checks. */
async function cookingReads(cluster: ClusterFixture, database: string, node: number): Promise<number> {
  const [row] = await cluster.query<{ n: number | null }[]>(
    node,
    'SELECT SUM(COUNT_STAR) AS n FROM performance_schema.events_statements_summary_by_digest ' +
      "WHERE SCHEMA_NAME = ? AND DIGEST_TEXT LIKE 'SELECT%`cookings`%'",
    [database],
  );
  return Number(row?.n ?? 0);
}
