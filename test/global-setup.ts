/**
 * Finds the database server for the whole run, in this order:
 *   1. TEST_DATABASE_URL or DATABASE_URL, if set;
 *   2. the local server at 127.0.0.1:3306, if it answers;
 *   3. a MySQL 8.0 container (Testcontainers), if a Docker engine is available;
 * and otherwise fails the run at once with one line saying where it looked.
 * Jest loads this file outside its ESM module graph (no path mapping), so it imports packages only.
 */
import { spawnSync } from 'node:child_process';
import { createConnection } from 'mysql2/promise';

const LOCAL_URL = 'mysql://root@127.0.0.1:3306/life_platter';

async function serverVersion(raw: string): Promise<string> {
  const url = new URL(raw);
  const connection = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
    connectTimeout: 5_000,
  });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return (rows as [{ version: string }])[0].version;
  } finally {
    await connection.end();
  }
}

function dockerEngineAvailable(): boolean {
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

async function startMySqlContainer(): Promise<string> {
  const { MySqlContainer } = await import('@testcontainers/mysql');
  const container = await new MySqlContainer('mysql:8.0').withRootPassword('test').start();
  (globalThis as { mysqlContainer?: { stop(): Promise<unknown> } }).mysqlContainer = container;
  return `mysql://root:test@${container.getHost()}:${container.getPort()}/life_platter`;
}

function fail(where: string, reason: string): never {
  process.stderr.write(
    `\nThe tests need MySQL or MariaDB and could not reach one at ${where} (${reason}). ` +
      'Start it, or point the tests elsewhere: DATABASE_URL=mysql://user:password@host:3306/any_name npm test\n',
  );
  process.exit(1);
}

export default async function globalSetup(): Promise<void> {
  const explicit = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let url = explicit ?? LOCAL_URL;
  let version: string;
  try {
    version = await serverVersion(url);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const where = new URL(url).host;
    if (explicit || !dockerEngineAvailable()) {
      fail(explicit ? where : `${where} (and no Docker engine for a MySQL 8.0 container)`, reason);
    }
    url = await startMySqlContainer();
    version = await serverVersion(url);
  }
  // Workers inherit this, so every suite talks to the server found here.
  process.env.TEST_DATABASE_URL = url;
  process.stdout.write(`\ntests use the database server ${version} at ${new URL(url).host}\n`);
}
