import { REPLICA_STATUS_SQL, readReplicationState, replicationProblem, trackedNamesSql } from './replication-sql.js';

export type Execute = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** What this build needs of a replica's schema: the tracking table, and the migrations it must hold. */
export interface SchemaNeed {
  table: string;
  migrations: readonly string[];
}

/** One reading of a replica. */
export interface ReplicaReading {
  /** The server answered. */
  up: boolean;
  lagSeconds: number | null;
  /** The newest migration the replica has replayed (its tracking table), null when none or unknown. */
  schemaHead: string | null;
  /** Why the replica cannot serve reads now; undefined when it can. */
  problem?: string;
}

/** Errors that say the server is gone or unreachable, not that a statement was wrong. */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_ACCESS_DENIED_ERROR',
]);

/**
 * Errors after which a read can be answered by the primary instead: the replica is gone, or
 * lacks a table or column this build reads (its schema is behind, between two checks).
 */
const FALLBACK_ERRORS = new Set([...CONNECTION_ERRORS, 'ER_NO_SUCH_TABLE', 'ER_BAD_FIELD_ERROR', 'ER_BAD_DB_ERROR']);

export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}

export function isConnectionError(error: unknown): boolean {
  return CONNECTION_ERRORS.has(codeOf(error));
}

export function primaryCanAnswer(error: unknown): boolean {
  return FALLBACK_ERRORS.has(codeOf(error));
}

export function messageOf(error: unknown): string {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Reads one replica's replication state and schema head, and says whether it may serve reads. */
export async function checkReplica(
  execute: Execute,
  maxLagSeconds: number,
  need: SchemaNeed | undefined,
): Promise<ReplicaReading> {
  let rows: Record<string, unknown>[];
  try {
    rows = await execute(REPLICA_STATUS_SQL);
  } catch (error) {
    if (isConnectionError(error)) {
      return { up: false, lagSeconds: null, schemaHead: null, problem: `down: ${messageOf(error)}` };
    }
    const grant =
      codeOf(error) === 'ER_SPECIFIC_ACCESS_DENIED_ERROR' ? ' (grant REPLICATION CLIENT to the API user)' : '';
    return {
      up: true,
      lagSeconds: null,
      schemaHead: null,
      problem: `cannot read replication status${grant}: ${messageOf(error)}`,
    };
  }
  const state = readReplicationState(rows);
  const lagSeconds = state?.lagSeconds ?? null;
  return withSchemaHead(execute, need, { up: true, lagSeconds, problem: replicationProblem(state, maxLagSeconds) });
}

/**
 * Adds the schema head to a reading of a server that answered: the problem it has already
 * (replication, cluster state) wins, else a schema behind this build's is the problem.
 */
export async function withSchemaHead(
  execute: Execute,
  need: SchemaNeed | undefined,
  reading: Omit<ReplicaReading, 'schemaHead'>,
): Promise<ReplicaReading> {
  const { lagSeconds, problem } = reading;
  if (!need) {
    return { ...reading, schemaHead: null, problem: problem ?? 'schema not checked yet' };
  }
  let applied: string[];
  try {
    const names = await execute(trackedNamesSql(need.table));
    applied = names.map((row) => String(row.name));
  } catch (error) {
    const up = !isConnectionError(error);
    return {
      up,
      lagSeconds,
      schemaHead: null,
      problem: problem ?? `cannot read the schema head: ${messageOf(error)}`,
    };
  }
  const have = new Set(applied);
  const missing = need.migrations.filter((name) => !have.has(name));
  const schemaHead = applied.at(-1) ?? null;
  const behind =
    missing.length > 0
      ? `schema behind: lacks ${missing.length} migration(s) this build needs (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''})`
      : undefined;
  return { ...reading, schemaHead, problem: problem ?? behind };
}
