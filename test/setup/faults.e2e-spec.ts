import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { db, dbProcess, startDbProcess } from '../support/db-cli.js';
import { PrivateMariaDb, privateServerUnavailable } from '../support/private-mariadb.js';
import { startBin, type RunningBin } from '../support/run-cli.js';
import {
  adminConnection,
  createScratchDatabase,
  queryDatabase,
  type ScratchDatabase,
} from '../support/scratch-database.js';
import { createScratchProject } from '../support/scratch-project.js';
import { freePort } from '../support/free-port.js';
import { waitFor } from '../support/wait-for.js';

const unavailable = privateServerUnavailable();
if (unavailable) {
  process.stdout.write(`faults: skipped, ${unavailable} (a private MariaDB server is needed)\n`);
}
const describeWithServer = unavailable ? describe.skip : describe;

interface AppProcess {
  run: RunningBin;
  base: string;
}

async function startApp(databaseUrl: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  const run = startBin('node', ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    env: { DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
  });
  return { run, base: `http://127.0.0.1:${port}` };
}

async function status(url: string, timeoutMs = 5_000): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

const timings: Record<string, number> = {};

afterAll(() => {
  if (Object.keys(timings).length > 0) {
    process.stdout.write(
      `faults: ${Object.entries(timings)
        .map(([key, ms]) => `${key} ${ms} ms`)
        .join(', ')}\n`,
    );
  }
});

describeWithServer('faults against a private MariaDB server', () => {
  let server: PrivateMariaDb;
  let app: AppProcess | undefined;
  const url = () => server.url('life_platter_faults');

  beforeAll(async () => {
    server = await PrivateMariaDb.create();
    await server.start();
    expect((await db(['up'], url())).code).toBe(0);
  });
  afterAll(async () => {
    app?.run.kill();
    await server?.destroy();
  });

  it('database down at start: bounded retries with backoff, then exit 1 with one line', async () => {
    await server.kill();
    const result = await (await startApp(url(), { DATABASE_CONNECT_RETRIES: '2' })).run.done;
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'warn: database not reachable yet (ECONNREFUSED); retry 1/2 in 500 ms',
      'warn: database not reachable yet (ECONNREFUSED); retry 2/2 in 1000 ms',
      `error: cannot connect to MySQL at 127.0.0.1:${server.port} after 3 attempts (ECONNREFUSED) — is the MySQL/MariaDB ` +
        'server running there (under compose: `docker compose ps db`)? Set DATABASE_URL to point elsewhere.',
    ]);
  });

  it('database comes up during the retries: the API starts', async () => {
    app = await startApp(url(), { DATABASE_CONNECT_RETRIES: '8' });
    await waitFor(() => Promise.resolve(app!.run.output().includes('retry 2/8')), 'the API to be retrying');
    await server.start();
    timings['start-while-db-comes-up'] = await waitFor(
      async () => (await status(`${app!.base}/health/ready`)) === 200,
      'the API to be ready',
    );
  });

  it('database restarted while serving: 503 fast during the outage, recovery by itself afterwards', async () => {
    expect(await status(`${app!.base}/cookings`)).toBe(200);
    await server.kill();
    const started = Date.now();
    const during = await fetch(`${app!.base}/cookings`, { signal: AbortSignal.timeout(5_000) });
    timings['503-answer'] = Date.now() - started;
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'the database is not reachable; try again shortly',
    });
    expect(await status(`${app!.base}/health/ready`)).toBe(503);
    expect(await status(`${app!.base}/health/live`)).toBe(200);
    await server.start();
    const back = Date.now();
    await waitFor(async () => (await status(`${app!.base}/cookings`)) === 200, 'requests to succeed again');
    timings['recovery-after-db-back'] = Date.now() - back;
    expect(timings['recovery-after-db-back']).toBeLessThan(10_000);
    expect(await status(`${app!.base}/health/ready`)).toBe(200);
  });
});

describe('graceful shutdown and a killed migrate job (shared server, scratch databases)', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('faults');
    await db(['up'], database.url);
    await queryDatabase(database.name, "INSERT INTO cookings (name) VALUES ('slow read')");
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('SIGTERM with 50 requests in flight: all complete, new connections are refused, exit 0 within 10 s', async () => {
    const app = await startApp(database.url);
    await waitFor(async () => (await status(`${app.base}/health/live`)) === 200, 'the API');
    const lock = await adminConnection(database.name);
    await lock.query('LOCK TABLES cookings WRITE');
    const inFlight = Array.from({ length: 50 }, () =>
      fetch(`${app.base}/cookings?limit=5`, { signal: AbortSignal.timeout(20_000) }).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      }),
    );
    await new Promise((done) => setTimeout(done, 700));
    const signalled = Date.now();
    app.run.kill('SIGTERM');
    await new Promise((done) => setTimeout(done, 300));
    const refused = await status(`${app.base}/health/live`, 2_000);
    await lock.query('UNLOCK TABLES');
    await lock.end();
    const statuses = await Promise.all(inFlight);
    const result = await app.run.done;
    timings['sigterm-to-exit'] = Date.now() - signalled;
    expect(refused).toBe(0);
    expect(statuses).toEqual(Array(50).fill(200));
    expect(result.code).toBe(0);
    expect(timings['sigterm-to-exit']).toBeLessThan(10_000);
  });

  it('a migrate job killed mid-migration is reported as interrupted and recovered by the documented steps', async () => {
    const project = await createScratchProject();
    try {
      const name = 'Migration20991231000000';
      const file = join(project.dir, 'migrations', `${name}.ts`);
      await writeFile(
        file,
        `import { Migration } from '@mikro-orm/migrations';\n\nexport class ${name} extends Migration {\n  override name = '${name}';\n\n` +
          "  override up(): void {\n    this.addSql('create table `killed_a` (`id` int not null primary key)');\n" +
          "    this.addSql('select sleep(30)');\n    this.addSql('create table `killed_b` (`id` int not null primary key)');\n  }\n\n" +
          "  override down(): void {\n    this.addSql('drop table if exists `killed_b`');\n    this.addSql('drop table if exists `killed_a`');\n  }\n}\n",
      );
      const job = startDbProcess(['up'], database.url, { cwd: project.dir });
      await waitFor(
        async () =>
          (
            await queryDatabase(
              database.name,
              "SELECT 1 FROM mikro_orm_migrations_meta WHERE name = ? AND status = 'running' AND failed_statement = 2",
              [name],
            )
          ).length === 1,
        'the job to reach statement 2',
      );
      job.kill('SIGKILL');
      await job.done;

      const status = await dbProcess(['status'], database.url, { cwd: project.dir });
      expect(status.code).toBe(4);
      expect(status.stdout).toContain(
        `migration ${name} FAILED at statement 2 of 3 (interrupted: its run stopped during this statement`,
      );
      expect(status.stdout).toContain('statement 1 was committed');
      const refused = await dbProcess(['up'], database.url, { cwd: project.dir, env: { MIGRATION_LOCK_TIMEOUT: '5' } });
      expect(refused.code).toBe(1);
      expect(refused.stderr).not.toContain('waiting for the migration lock');
      expect(refused.stderr).toContain(`resolve ${name} --rolled-back`);

      await queryDatabase(database.name, 'DROP TABLE killed_a');
      expect((await dbProcess(['resolve', name, '--rolled-back'], database.url, { cwd: project.dir })).code).toBe(0);
      await writeFile(file, (await readFile(file, 'utf8')).replace('select sleep(30)', 'select sleep(0)'));
      const up = await dbProcess(['up'], database.url, { cwd: project.dir });
      expect(up.code).toBe(0);
      expect((await dbProcess(['status'], database.url, { cwd: project.dir })).code).toBe(0);
    } finally {
      await project.remove();
    }
  });
});
