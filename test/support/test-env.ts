import { DEFAULT_DATABASE_URL, loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { formatDatabaseUrl, parseDatabaseUrl, type DatabaseTarget } from '../../src/config/database-url.js';

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
