import { hostsOf, onServer, type DatabaseTarget } from '../config/database-url.js';
import { connectTo, flavorOf, type ServerFlavor } from '../migrator/index.js';
import { DatabaseConnectError } from './database-connect.error.js';

export type { ServerFlavor };

export interface ServerInfo {
  flavor: ServerFlavor;
  version: string;
  /** Whether DATABASE_URL's database exists: only the commands that set a database up create it. */
  databaseExists: boolean;
}

export interface ProbeOptions {
  retries?: number;
  /** Delay before the first retry; it doubles for each further one. */
  initialDelayMs?: number;
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

/** Errors that a retry cannot fix: bad credentials or a refused grant. */
const PERMANENT_ERRORS = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_NOT_SUPPORTED_AUTH_MODE']);

/**
 * Asks the server what it is, and whether the database exists. MikroORM's MySQL driver misreads MariaDB's catalogue (spurious
 * schema diffs), so the driver is picked from this answer rather than from the URL scheme.
 */
export async function probeServer(target: DatabaseTarget, options: ProbeOptions = {}): Promise<ServerInfo> {
  const retries = options.retries ?? 0;
  let delay = options.initialDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await queryVersion(target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (PERMANENT_ERRORS.has(code)) {
        throw DatabaseConnectError.refused(target, error);
      }
      if (attempt > retries) {
        throw DatabaseConnectError.unreachable(target, error, attempt);
      }
      options.onRetry?.(attempt, delay, error);
      await new Promise((done) => setTimeout(done, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  }
}

/**
 * The first server of the URL that answers (a cluster's URL lists several; any member knows the
 * version and whether the database exists). A refused login ends the search: the same
 * credentials go to every member.
 */
async function queryVersion(target: DatabaseTarget): Promise<ServerInfo> {
  const servers = hostsOf(target);
  for (const [index, server] of servers.entries()) {
    try {
      return await queryOne(onServer(target, server));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (index === servers.length - 1 || PERMANENT_ERRORS.has(code)) {
        throw error;
      }
    }
  }
  throw new Error('no server to ask');
}

async function queryOne(target: DatabaseTarget): Promise<ServerInfo> {
  const connection = await connectTo(target, { timeoutMs: 5_000 });
  try {
    const [rows] = await connection.query<[{ version: string; found: number }] & never[]>(
      'SELECT VERSION() AS version, (SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?) AS found',
      [target.database],
    );
    const { version, found } = rows[0];
    return { flavor: flavorOf(version), version, databaseExists: Number(found) > 0 };
  } finally {
    await connection.end();
  }
}
