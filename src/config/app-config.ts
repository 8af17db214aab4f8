import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { ConfigError } from './config.error.js';
import { parseDatabaseUrl, type DatabaseTarget } from './database-url.js';
import type { MigratorSettings } from '../migrator/index.js';
import { parseRedisUrl, type RedisTarget } from './redis-url.js';
import { replicaConfig, type ReplicaConfig } from './replica-config.js';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every setting the service reads, validated once. Nothing else in the code base reads process.env. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  logLevel: LogLevel;
  database: DatabaseTarget;
  /** Read replicas of `database` (DATABASE_REPLICA_URLS) and their limits. */
  replicas: ReplicaConfig;
  /** How many times to retry the first connection (with exponential backoff) before giving up. */
  connectRetries: number;
  migrations: MigrationConfig;
  /** Refuse to start the API while migrations are pending or failed. */
  requireSchemaCurrent: boolean;
  pool: PoolConfig;
  http: HttpConfig;
}

export interface HttpConfig {
  /** Origins allowed by CORS; empty means CORS stays off. */
  corsOrigins: string[];
  /** Requests per minute per client IP; 0 turns the rate limit off. */
  rateLimitPerMinute: number;
  /** Where every API replica counts the rate limit together; unset: each process counts alone. */
  rateLimitRedis?: RedisTarget;
  /** Swagger UI at /docs and the OpenAPI document at /docs-json. */
  docs: boolean;
  /**
   * Each request's deadline (ms): past it the client gets 503 with Retry-After, and the
   * database aborts the request's statement (db/session-limits.ts).
   */
  requestTimeoutMs: number;
  /**
   * Which proxies in front of the API to believe about the client's address (X-Forwarded-For):
   * none (false), or the listed addresses, CIDRs and ranges (loopback, linklocal, uniquelocal).
   * Only hops that are ours: a client can put anything in the header itself.
   */
  trustProxy: false | string[];
}

export interface PoolConfig {
  /** Connections in the app's pool. */
  max: number;
  /** Requests that may wait for a connection; one more is answered 503 at once. */
  queueLimit: number;
}

export const MIGRATION_LOG_FORMATS = ['text', 'json'] as const;

/** The engine's settings that come from the environment (their meaning: src/migrator/settings.ts). */
export type MigrationConfig = Pick<
  MigratorSettings,
  | 'lockTimeoutSeconds'
  | 'lockLeaseSeconds'
  | 'allowOutOfOrder'
  | 'force'
  | 'ddlLockWaitSeconds'
  | 'ddlRetryForSeconds'
  | 'longTransactionSeconds'
  | 'killBlockers'
  | 'blockingRows'
  | 'contract'
> & {
  /** migration:create splits what breaks the running release into a contract migration (`db create --split`). */
  split: boolean;
  logFormat: (typeof MIGRATION_LOG_FORMATS)[number];
  /** How people type the db command where its messages are read; every way out it prints starts with it. */
  command: string;
};

export type Environment = Record<string, string | undefined>;

export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/life_platter';

/**
 * The process environment, after honouring a `.env` file in the working directory.
 * Variables already set in the environment win over the file.
 */
export function readEnvironment(): Environment {
  const dotenv = resolve('.env');
  if (existsSync(dotenv)) {
    process.loadEnvFile(dotenv);
  }
  return process.env;
}

export function loadConfig(env: Environment = readEnvironment()): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  const database = parseDatabaseUrl(nonEmpty(env, 'DATABASE_URL', DEFAULT_DATABASE_URL));
  return {
    nodeEnv,
    host: nonEmpty(env, 'HOST', '0.0.0.0'),
    port: integer(env, 'PORT', 3000, 0, 65535),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    database,
    replicas: replicaConfig(raw(env, 'DATABASE_REPLICA_URLS'), database, (name, fallback, min, max) =>
      integer(env, name, fallback, min, max),
    ),
    connectRetries: integer(env, 'DATABASE_CONNECT_RETRIES', 3, 0, 100),
    migrations: {
      lockTimeoutSeconds: integer(env, 'MIGRATION_LOCK_TIMEOUT', 60, 0, 86_400),
      lockLeaseSeconds: integer(env, 'MIGRATION_LOCK_LEASE', 30, 3, 86_400),
      allowOutOfOrder: booleanFlag(env, 'MIGRATIONS_ALLOW_OUT_OF_ORDER', false),
      force: booleanFlag(env, 'DB_FORCE', false),
      ddlLockWaitSeconds: seconds(env, 'MIGRATION_DDL_LOCK_WAIT', 0.05, 0.01, 31_536_000),
      ddlRetryForSeconds: integer(env, 'MIGRATION_DDL_RETRY_FOR', 300, 0, 86_400),
      longTransactionSeconds: integer(env, 'MIGRATION_LONG_TRX', 10, 0, 86_400),
      blockingRows: integer(env, 'MIGRATION_BLOCKING_ROWS', 100_000, 0, Number.MAX_SAFE_INTEGER),
      contract: booleanFlag(env, 'MIGRATION_CONTRACT', false),
      split: booleanFlag(env, 'MIGRATION_SPLIT', false),
      logFormat: oneOf(env, 'MIGRATION_LOG_FORMAT', MIGRATION_LOG_FORMATS, 'text'),
      command: dbCommandOf(env),
    },
    requireSchemaCurrent: booleanFlag(env, 'REQUIRE_SCHEMA_CURRENT', nodeEnv === 'production'),
    http: {
      corsOrigins: origins(env, 'CORS_ORIGINS'),
      rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', nodeEnv === 'test' ? 0 : 600, 0, 1_000_000),
      rateLimitRedis: parseRedisUrl(raw(env, 'RATE_LIMIT_REDIS_URL'), 'RATE_LIMIT_REDIS_URL'),
      docs: booleanFlag(env, 'API_DOCS', true),
      requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 10_000, 100, 600_000),
      trustProxy: trustedProxies(env, 'TRUST_PROXY'),
    },
    pool: {
      max: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
      // mysql2 reads 0 as no limit at all, so the least is 1.
      queueLimit: integer(env, 'DATABASE_POOL_QUEUE', 100, 1, 100_000),
    },
  };
}

/**
 * MIGRATION_COMMAND: how the db command is typed where its messages are read (`npm run db --` in
 * a checkout; the compose job sets its `docker compose run …` form). Never throws, so the last
 * words of a failed command can use it too.
 */
export function dbCommandOf(env: Environment = readEnvironment()): string {
  return raw(env, 'MIGRATION_COMMAND') ?? 'npm run db --';
}

/** The MikroORM CLI command this process runs (`database:import`, …), read where the process's inputs are read. */
export function mikroOrmCliCommand(argv: string[] = process.argv): string | undefined {
  return argv.slice(2).find((arg) => !arg.startsWith('-'));
}

function raw(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function nonEmpty(env: Environment, name: string, fallback: string): string {
  return raw(env, name) ?? fallback;
}

function oneOf<T extends string>(env: Environment, name: string, allowed: readonly T[], fallback: T): T {
  const value = raw(env, name);
  if (value === undefined) {
    return fallback;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function integer(env: Environment, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return Number(value);
}

/** Seconds with up to three decimals (milliseconds), e.g. 0.05. */
function seconds(env: Environment, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) {
    return fallback;
  }
  if (!/^\d+(\.\d{1,3})?$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(name, `must be a number of seconds from ${min} to ${max}, e.g. 0.05 (got "${value}")`);
  }
  return Number(value);
}

const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** Addresses, not hop counts: Fastify ignores a hop count, since it cannot tell who the next hop is. */
function trustedProxies(env: Environment, name: string): false | string[] {
  const value = raw(env, name);
  if (value === undefined || ['false', 'no', 'none'].includes(value.toLowerCase())) {
    return false;
  }
  const list = value.split(',').map((entry) => entry.trim());
  for (const entry of list) {
    const [address, prefix] = entry.split('/');
    const validAddress = isIP(address) !== 0 && (prefix === undefined || /^\d{1,3}$/.test(prefix));
    if (!PROXY_RANGES.includes(entry) && !validAddress) {
      throw new ConfigError(
        name,
        `must be false, or addresses, CIDRs and ranges (${PROXY_RANGES.join(', ')}) such as 10.0.0.0/8 (got "${entry}")`,
      );
    }
  }
  return list;
}

function origins(env: Environment, name: string): string[] {
  const list = (raw(env, name) ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of list) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(name, `each origin must look like https://example.com (got "${origin}")`);
    }
  }
  return list;
}

export function booleanFlag(env: Environment, name: string, fallback: boolean): boolean {
  const value = raw(env, name)?.toLowerCase();
  if (value === undefined) {
    return fallback;
  }
  if (['true', '1', 'yes'].includes(value)) {
    return true;
  }
  if (['false', '0', 'no'].includes(value)) {
    return false;
  }
  throw new ConfigError(name, `must be true or false (got "${value}")`);
}
