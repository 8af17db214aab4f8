import { DEFAULT_DATABASE_URL, loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { formatDatabaseUrl, parseDatabaseUrl, type DatabaseTarget } from '../../src/config/database-url.js';
import { probeServer, type ServerFlavor } from '../../src/db/server-probe.js';

/**
 * The server the tests use: TEST_DATABASE_URL, else DATABASE_URL, else the local default.
 * Only its host, port and credentials matter; every suite works in databases of its own.
 */
export function testServer(): DatabaseTarget {
  return parseDatabaseUrl(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
}

/** An application configuration pointing at `database` on the test server. */
export function testConfig(database: string, extra: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_CONNECT_RETRIES: '0',
    DATABASE_URL: formatDatabaseUrl({ ...testServer(), database }),
    ...extra,
  });
}

/** Which server the tests run on (MySQL and MariaDB differ in a few answers the tests check). */
export async function testFlavor(): Promise<ServerFlavor> {
  return (await probeServer(testServer())).flavor;
}

/** How the plan names the server it was made on, e.g. `mysql 9.7.4-2` or `mariadb 10.11.19`. */
export async function planServerName(): Promise<string> {
  const { flavor, version } = await probeServer(testServer());
  return `${flavor} ${version.replace(/-MariaDB.*$/i, '')}`;
}
