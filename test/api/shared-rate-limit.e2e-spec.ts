import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { dbProcess } from '../support/db-cli.js';
import { freePort } from '../support/free-port.js';
import { startRelease, type Release, type RunningRelease } from '../support/release.js';
import { PROJECT_ROOT } from '../support/run-cli.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database.js';

const LIMIT = 10;
const DOWN = 'rate limit: Redis does not answer';
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A Redis of the test's own (Debian's redis-server), keeping nothing on disk, so it can be stopped. */
async function startRedis(port: number): Promise<ChildProcess> {
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => null });
  for (let attempt = 0; ; attempt++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return server;
    } catch (error) {
      if (attempt > 50) {
        throw error;
      }
      await pause(100);
    }
  }
}

async function stopRedis(server: ChildProcess): Promise<void> {
  const exited = new Promise((done) => server.once('exit', done));
  server.kill('SIGKILL');
  await exited;
}

/** Sends `count` requests round robin over the replicas; returns the status codes. */
async function statuses(replicas: RunningRelease[], count: number): Promise<number[]> {
  const codes: number[] = [];
  for (let index = 0; index < count; index++) {
    const response = await fetch(`${replicas[index % replicas.length].base}/cookings?limit=1`);
    await response.arrayBuffer();
    codes.push(response.status);
  }
  return codes;
}

const count = (codes: number[], status: number) => codes.filter((code) => code === status).length;

describe('one rate limit for every API replica (RATE_LIMIT_REDIS_URL)', () => {
  let database: ScratchDatabase;
  let redisPort: number;
  let redis: ChildProcess | undefined;
  const replicas: RunningRelease[] = [];
  const project: Release = { label: 'api', dir: PROJECT_ROOT, remove: () => Promise.resolve() };

  beforeAll(async () => {
    database = await createScratchDatabase('ratelimit');
    expect((await dbProcess(['up'], database.url)).code).toBe(0);
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    const env = {
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
      RATE_LIMIT_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      LOG_LEVEL: 'info',
    };
    for (const label of ['A', 'B']) {
      replicas.push(await startRelease({ ...project, label }, database.url, env));
    }
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    if (redis && redis.exitCode === null) {
      await stopRedis(redis);
    }
    await database?.drop();
  });

  it('counts the requests of both replicas together: the limit holds across them', async () => {
    const codes = await statuses(replicas, 16);
    // Alone, each process would have allowed its own 10 (16 × 200).
    expect(count(codes, 200)).toBe(LIMIT);
    expect(count(codes, 429)).toBe(16 - LIMIT);
    const counter = new Redis({ port: redisPort });
    try {
      const keys = await counter.keys('life-platter-rate-limit:*');
      expect(keys).toHaveLength(1);
      expect(Number(await counter.get(keys[0]))).toBe(16);
    } finally {
      counter.disconnect();
    }
  });

  it('serves every request while Redis is down (fail open), and says so once, not once a request', async () => {
    await stopRedis(redis!);
    // The limit was exceeded above; with its counter gone the API still answers.
    const codes = await statuses(replicas, 20);
    expect(codes).toEqual(Array(20).fill(200));
    await pause(1_500); // reconnect attempts fail meanwhile
    expect((await statuses(replicas, 4)).every((code) => code === 200)).toBe(true);
    for (const replica of replicas) {
      expect(replica.output().split(DOWN).length - 1).toBe(1);
    }
  });

  it('counts again once Redis is back, by itself', async () => {
    redis = await startRedis(redisPort);
    const deadline = Date.now() + 10_000;
    while (!replicas.every((replica) => replica.output().includes('Redis answers again; counting resumes'))) {
      if (Date.now() > deadline) {
        throw new Error(`the replicas did not reconnect: ${replicas.map((replica) => replica.output()).join('\n')}`);
      }
      await pause(100);
    }
    const codes = await statuses(replicas, LIMIT + 2);
    expect(codes.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(200));
    expect(codes.slice(LIMIT)).toEqual([429, 429]);
  });
});
