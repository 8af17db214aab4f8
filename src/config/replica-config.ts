import { ConfigError } from './config.error.js';
import { hostsOf, onServer, parseDatabaseUrl, type DatabaseTarget } from './database-url.js';

/** Read replicas and how the API and the migrate job treat them (docs/replicas-and-clusters.md, "Read replicas"). */
export interface ReplicaConfig {
  /** DATABASE_REPLICA_URLS: servers replicating DATABASE_URL's database; empty: every read goes to the primary. */
  targets: DatabaseTarget[];
  /** REPLICA_MAX_LAG_SECONDS: a replica further behind leaves the read set until it catches up. */
  maxLagSeconds: number;
  /** REPLICA_TOKEN_WAIT_MS: how long a read with a consistency token waits for a replica to apply it. */
  tokenWaitMs: number;
  /** REPLICA_CHECK_INTERVAL_MS: how often each replica's health, lag and schema are read. */
  checkIntervalMs: number;
  /** MIGRATION_REPLICA_WAIT: seconds the migrate job waits for every replica to replay its migrations; 0 skips. */
  migrationWaitSeconds: number;
}

export type ReadNumber = (name: string, fallback: number, min: number, max: number) => number;

/**
 * DATABASE_REPLICA_URLS is a comma-separated list of URLs of the DATABASE_URL form. Each names
 * the same database as DATABASE_URL: a replica serves reads of that database, and reading
 * another one would answer from the wrong data without any error. An entry may name several
 * servers (`mysql://u:p@r1:3306,r2:3306/db`): each is a replica with those credentials. A new
 * entry starts at a comma followed by a scheme, so the commas of a host list stay inside theirs.
 */
export function parseReplicaUrls(raw: string | undefined, primary: DatabaseTarget): DatabaseTarget[] {
  const variable = 'DATABASE_REPLICA_URLS';
  const entries = (raw ?? '')
    .split(/,(?=\s*[A-Za-z][A-Za-z0-9+.-]*:\/\/)/)
    .map((entry) => entry.trim().replace(/,+$/, ''))
    .filter(Boolean);
  const seen = new Set(hostsOf(primary).map((server) => `${server.host}:${server.port}`));
  const targets: DatabaseTarget[] = [];
  for (const [index, entry] of entries.entries()) {
    const which = `${variable} (entry ${index + 1})`;
    if (/\s/.test(entry)) {
      throw new ConfigError(which, 'has a space in it: separate the URLs with commas');
    }
    const parsed = parseDatabaseUrl(entry, which);
    if (parsed.database !== primary.database) {
      throw new ConfigError(
        which,
        `names database "${parsed.database}", but DATABASE_URL names "${primary.database}": a replica serves the same database`,
      );
    }
    for (const server of hostsOf(parsed)) {
      const where = `${server.host}:${server.port}`;
      if (seen.has(where)) {
        throw new ConfigError(which, `${where} is listed twice, or is DATABASE_URL's own server`);
      }
      seen.add(where);
      targets.push(onServer(parsed, server));
    }
  }
  return targets;
}

export function replicaConfig(raw: string | undefined, primary: DatabaseTarget, readNumber: ReadNumber): ReplicaConfig {
  return {
    targets: parseReplicaUrls(raw, primary),
    maxLagSeconds: readNumber('REPLICA_MAX_LAG_SECONDS', 5, 0, 86_400),
    tokenWaitMs: readNumber('REPLICA_TOKEN_WAIT_MS', 50, 1, 1_000),
    checkIntervalMs: readNumber('REPLICA_CHECK_INTERVAL_MS', 1_000, 100, 60_000),
    migrationWaitSeconds: readNumber('MIGRATION_REPLICA_WAIT', 60, 0, 3_600),
  };
}
