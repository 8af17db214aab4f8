/**
 * What every benchmark command shares: the bench database and its seed, the four servers (started
 * one at a time on a loopback port) and the scenarios that drive them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Request as LoadRequest } from 'autocannon';
import { createConnection } from 'mysql2/promise';
import { freePort } from '../test/support/free-port.js';
import { PROJECT_ROOT } from '../test/support/run-cli.js';
import { testServer } from '../test/support/test-env.js';
import { formatDatabaseUrl } from '../src/config/database-url.js';
import { recreate } from './migration-timings.js';
import type { Memory, ServerId } from './report.js';

export const SEED_ROWS = 10_000;

export const target = { ...testServer(), database: 'life_platter_bench' };
export const DATABASE_URL = formatDatabaseUrl(target);
const node = process.execPath;
const withTs = ['--import', '@swc-node/register/esm-register'];

/** How a server under load starts: node's arguments and its environment. */
export interface ServerSpec {
  args: string[];
  env?: Record<string, string>;
}

export const SERVERS: Record<ServerId, ServerSpec> = {
  B1: { args: [...withTs, 'bench/servers/b1-fastify.ts'] },
  B2: { args: [...withTs, 'bench/servers/b2-nest.ts'] },
  B3: {
    args: ['dist/main.js'],
    env: { NODE_ENV: 'production', LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '0', REQUIRE_SCHEMA_CURRENT: 'true' },
  },
  B4: { args: [...withTs, 'bench/servers/b4-typeorm.ts'] },
};

const randomId = () => 1 + Math.floor(Math.random() * SEED_ROWS);
let created = 0;

/** Each scenario sets up every request, so ids and offsets vary request by request. */
export const SCENARIOS: Record<
  string,
  () => { method: string; path: string; body?: string; headers?: Record<string, string> }
> = {
  'get-by-id': () => ({ method: 'GET', path: `/cookings/${randomId()}` }),
  'list-20': () => ({
    method: 'GET',
    // count=exact: the other servers count every time, as this app did before cursors (issue 16).
    path: `/cookings?limit=20&count=exact&offset=${Math.floor(Math.random() * (SEED_ROWS - 20))}`,
  }),
  create: () => ({
    method: 'POST',
    path: '/cookings',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: `bench ${++created}`, category: 'bench' }),
  }),
  patch: () => ({
    method: 'PATCH',
    path: `/cookings/${randomId()}`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: `patched ${++created}` }),
  }),
  'mixed-80-20': () => (Math.random() < 0.8 ? SCENARIOS['get-by-id']() : SCENARIOS.patch()),
};

export async function seed(): Promise<void> {
  await recreate(target);
  await run(node, ['dist/src/db-cli/main.js', 'up'], { DATABASE_URL, NODE_ENV: 'production', LOG_LEVEL: 'warn' });
  const db = await createConnection({ ...connectionOf(), database: target.database });
  const values = Array.from({ length: SEED_ROWS }, (_, i) => [
    `料理 ${i + 1}`,
    `category ${i % 20}`,
    `description of dish ${i + 1}`,
  ]);
  for (let i = 0; i < values.length; i += 1_000) {
    await db.query('INSERT INTO cookings (name, category, description) VALUES ?', [values.slice(i, i + 1_000)]);
  }
  await db.end();
}

export async function resetRows(): Promise<void> {
  const db = await createConnection({ ...connectionOf(), database: target.database });
  await db.query('DELETE FROM cookings WHERE id > ?', [SEED_ROWS]);
  await db.query(`ALTER TABLE cookings AUTO_INCREMENT = ${SEED_ROWS + 1}`);
  await db.end();
}

function connectionOf() {
  return { host: target.host, port: target.port, user: target.user, password: target.password };
}

export function run(command: string, commandArgs: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${commandArgs.join(' ')} exited ${code}`))));
  });
}

export interface RunningServer {
  base: string;
  child: ChildProcess;
  /** Heap and RSS after a GC, and the CPU time the server has used so far. */
  memory(): Promise<Memory & { cpuMs: number }>;
  stop(): Promise<void>;
}

/** Starts a server (one of SERVERS, or a `spec` of its own under the label `id`) and waits until it answers. */
export async function startServer(
  id: string,
  nodeFlags: string[] = [],
  spec: ServerSpec = SERVERS[id as ServerId],
): Promise<RunningServer> {
  const port = await freePort();
  const memoryFile = join(tmpdir(), `bench-memory-${id}-${port}.json`);
  const child = spawn(node, [...nodeFlags, '--expose-gc', '--import', './bench/memory-probe.mjs', ...spec.args], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DATABASE_URL,
      PORT: String(port),
      HOST: '127.0.0.1',
      BENCH_MEMORY_FILE: memoryFile,
      ...spec.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${base}/health/live`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || child.exitCode !== null) {
      throw new Error(`${id} did not start`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    base,
    child,
    async memory() {
      await rm(memoryFile, { force: true });
      child.kill('SIGUSR2');
      for (let i = 0; i < 50; i++) {
        await new Promise((done) => setTimeout(done, 50));
        const text = await readFile(memoryFile, 'utf8').catch(() => '');
        if (text) {
          const { rss, heapUsed, cpuMs } = JSON.parse(text) as Memory & { cpuMs: number };
          return { rss, heapUsed, cpuMs };
        }
      }
      throw new Error(`${id} did not report its memory`);
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          // Gone already (crashed, or a signal ended it): waiting for 'exit' would wait forever.
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

export function load(base: string, scenario: string, connections: number, seconds: number) {
  const make = SCENARIOS[scenario];
  return autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [{ setupRequest: (request: LoadRequest) => ({ ...request, ...make() }) as LoadRequest }],
  });
}

export async function machine(): Promise<Record<string, string>> {
  const db = await createConnection(connectionOf());
  const [rows] = await db.query('SELECT VERSION() AS version');
  await db.end();
  return {
    cores: String(cpus().length),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    database: (rows as [{ version: string }])[0].version,
  };
}
