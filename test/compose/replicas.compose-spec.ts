import { Compose, inspect, run, STAND_INS } from './engine.js';

/**
 * The replicas variant for real: `docker compose -f docker-compose.yml -f
 * docker-compose.replicas.yml up`, a MySQL primary and a replica following it by GTID, Redis,
 * and two API replicas behind nginx (docs/replicas-and-clusters.md, "Read replicas").
 */
const PROJECT = 'lp_compose_replicas_test';
const PORT = Number(process.env.COMPOSE_REPLICAS_TEST_PORT ?? 18_081);
const BASE = `http://127.0.0.1:${PORT}`;
const LIMIT = 40;

const compose = new Compose(
  PROJECT,
  {
    HTTP_PORT: String(PORT),
    APP_VERSION: 'compose-test',
    MYSQL_ROOT_PASSWORD: 'compose-test-root',
    APP_PASSWORD: 'compose-test-app',
    MIGRATOR_PASSWORD: 'compose-test-migrator',
    REPLICATION_PASSWORD: 'compose-test-replication',
    // Small enough to reach in a test: counted once for both API replicas, in Redis.
    RATE_LIMIT_PER_MINUTE: String(LIMIT),
    ...(STAND_INS
      ? {
          STAND_IN_NODE: process.env.STAND_IN_NODE!,
          MYSQL_IMAGE: process.env.STAND_IN_MYSQL!,
          STAND_IN_NGINX: process.env.STAND_IN_NGINX!,
          REDIS_IMAGE: process.env.STAND_IN_REDIS!,
        }
      : {}),
  },
  ['docker-compose.replicas.yml'],
);

interface Ready {
  details: { replicas: { serving: number; replicas: { name: string; up: boolean; serving: boolean }[] } };
}

describe('docker compose up with docker-compose.replicas.yml on a real engine', () => {
  const summary: string[] = [];

  beforeAll(async () => {
    await compose.run(['down', '-v', '--remove-orphans']);
    await compose.must(['build']);
    const started = performance.now();
    await compose.must(['up', '-d', '--wait']);
    summary.push(`up --wait: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 900_000);

  afterAll(async () => {
    console.log(`compose replicas test:\n  ${summary.join('\n  ')}`);
    if (process.env.COMPOSE_KEEP !== '1') {
      await compose.run(['down', '-v', '--remove-orphans']);
    }
  }, 120_000);

  it('the job exited 0 once the replica had replayed the migrations; two API replicas are healthy', async () => {
    const [migrate] = await compose.containers('migrate', true);
    expect((await inspect(migrate)).State.ExitCode).toBe(0);
    const logs = await compose.must(['logs', '--no-color', 'migrate']);
    // The job logs JSON lines (MIGRATION_LOG_FORMAT=json), this one too.
    const line = logs.split('\n').find((entry) => entry.includes('"event":"replicas"'));
    expect(JSON.parse(line!.slice(line!.indexOf('{')))).toMatchObject({
      event: 'replicas',
      outcome: 'ok',
      replicas: [{ name: 'db-replica:3306', reachedMs: expect.any(Number) }],
    });
    summary.push(line!.slice(line!.indexOf('{')));
    const apis = await compose.containers('api');
    expect(apis).toHaveLength(2);
    for (const id of apis) {
      expect((await inspect(id)).State.Health.Status).toBe('healthy');
    }
  });

  it('readiness through nginx reports the replica serving reads', async () => {
    const ready = (await (await fetch(`${BASE}/health/ready`)).json()) as Ready;
    expect(ready.details.replicas).toMatchObject({
      serving: 1,
      replicas: [{ name: 'db-replica:3306', up: true, serving: true }],
    });
  });

  it('a write answers a consistency token; a read with it sees the write at once (curl, as docs/replicas-and-clusters.md shows)', async () => {
    const created = await run('curl', [
      '-si',
      '-X',
      'POST',
      `${BASE}/cookings`,
      '-H',
      'content-type: application/json',
      '-d',
      '{"name":"肉じゃが"}',
    ]);
    const token = /^x-consistency-token: (\S+)/im.exec(created.stdout)?.[1];
    const id = /"id":(\d+)/.exec(created.stdout)?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    const read = await run('curl', [
      '-s',
      '-w',
      '\n%{http_code}',
      `${BASE}/cookings/${id}`,
      '-H',
      `x-consistency-token: ${token}`,
    ]);
    expect(read.stdout.split('\n').at(-1)).toBe('200');
    expect(read.stdout).toContain('肉じゃが');
    // The replica holds the row too, through replication (read-only: nothing wrote there directly).
    const onReplica = await compose.run([
      'exec',
      '-T',
      'db-replica',
      'mysql',
      '-uroot',
      '-pcompose-test-root',
      '--default-character-set=utf8mb4',
      '-N',
      'life_platter',
      '-e',
      `SELECT name FROM cookings WHERE id = ${id}`,
    ]);
    expect(onReplica.stdout.trim()).toBe('肉じゃが');
  });

  it(`one rate limit of ${LIMIT} a minute for both API replicas together (counted in Redis)`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT * 2; i++) {
      statuses.push((await fetch(`${BASE}/cookings?limit=1`)).status);
    }
    const served = statuses.filter((status) => status === 200).length;
    // Counted alone, each of the two would have allowed LIMIT: 2 × LIMIT requests would all pass.
    expect(served).toBeLessThanOrEqual(LIMIT);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(LIMIT);
    const logged = await Promise.all(
      (await compose.containers('api')).map(
        async (id) => (await run('docker', ['logs', id])).stdout.split('"msg":"GET /cookings ').length - 1,
      ),
    );
    // nginx spread the requests over both: each counted its share in the shared limit.
    expect(logged.every((count) => count > 0)).toBe(true);
    summary.push(
      `rate limit: ${served} of ${statuses.length} served with a limit of ${LIMIT}; per API replica ${logged.join(' / ')}`,
    );
  });
});
