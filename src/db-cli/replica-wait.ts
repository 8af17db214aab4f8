import type { Orm } from './context.js';
import { type Connection, type RowDataPacket } from 'mysql2/promise';
import type { ReplicaConfig } from '../config/replica-config.js';
import type { DatabaseTarget } from '../config/database-url.js';
import { REPLICA_STATUS_SQL, readReplicationState, trackedNamesSql } from '../db/replicas/replication-sql.js';
import { connectTo } from '../migrator/index.js';

/** The migrate job gave up waiting for a replica to replay its migrations (exit 13). */
export class ReplicaWaitError extends Error {
  override name = 'ReplicaWaitError';
}

const POLL_MS = 250;

/** The names in the primary's tracking table, oldest first: what every replica must replay. */
export async function appliedMigrations(orm: Orm, table: string): Promise<string[]> {
  // MikroORM's core Connection types its rows as any.
  const rows = (await orm.em.getConnection().execute(trackedNamesSql(table))) as {
    name: string;
  }[];
  return rows.map((row) => row.name);
}

interface Progress {
  name: string;
  /** Its tracking table was read at least once. */
  read: boolean;
  missing: string[];
  /** How the replica is doing, said when the wait gives up. */
  detail: string;
  reachedMs?: number;
}

/** How the wait words the servers it waits for. */
const WORDS = {
  replica: {
    heading: 'Replicas',
    noun: 'replica(s)',
    where: 'the primary',
    unreadable: 'check the URL in DATABASE_REPLICA_URLS and that the server is up',
    check: 'Check replication on each replica behind (SHOW REPLICA STATUS)',
  },
  member: {
    heading: 'Cluster members',
    noun: 'cluster member(s)',
    where: 'the member that takes writes',
    unreadable: 'check that the member is up and reachable at that address',
    check:
      "Check each member behind (performance_schema.replication_group_members, or SHOW STATUS LIKE 'wsrep_local_state_comment')",
  },
} as const;

/**
 * After `up`, waits until every replica in DATABASE_REPLICA_URLS, and every other member of the
 * cluster DATABASE_URL names (found by the cluster itself: no URLs to list), has the primary's
 * tracking rows: only then does the rollout start, and a new pod reading from any of them finds
 * the schema it was built for. Bounded by MIGRATION_REPLICA_WAIT; on time-out, names each
 * server still behind and what it lacks.
 */
export async function waitForReplicas(
  replicas: ReplicaConfig,
  table: string,
  applied: readonly string[],
  out: (line: string) => void,
  json = false,
  members: readonly DatabaseTarget[] = [],
): Promise<void> {
  for (const [kind, targets] of [
    ['member', members],
    ['replica', replicas.targets],
  ] as const) {
    if (targets.length > 0 && replicas.migrationWaitSeconds > 0) {
      await waitForGroup(kind, targets, replicas.migrationWaitSeconds, table, applied, out, json);
    }
  }
}

async function waitForGroup(
  kind: keyof typeof WORDS,
  targets: readonly DatabaseTarget[],
  waitSeconds: number,
  table: string,
  applied: readonly string[],
  out: (line: string) => void,
  json: boolean,
): Promise<void> {
  const words = WORDS[kind];
  const started = Date.now();
  const deadline = started + waitSeconds * 1000;
  const progress = await Promise.all(
    targets.map((target) => waitForOne(target, table, applied, deadline, started, kind === 'replica')),
  );
  const event = kind === 'replica' ? 'replicas' : 'members';
  const behind = progress.filter((replica) => replica.reachedMs === undefined);
  if (behind.length > 0) {
    if (json) {
      const servers = behind.map(({ name, read, missing, detail }) => ({ name, read, missing, detail }));
      out(JSON.stringify({ event, outcome: 'failed', [event]: servers }));
    }
    const lines = behind.map((replica) =>
      replica.read
        ? `  ${replica.name}: lacks ${replica.missing.join(', ')} (${replica.detail})`
        : `  ${replica.name}: could not be read (${replica.detail}); ${words.unreadable}`,
    );
    throw new ReplicaWaitError(
      [
        `${behind.length} of ${progress.length} ${words.noun} did not replay the migrations within ` +
          `MIGRATION_REPLICA_WAIT=${waitSeconds} s; the migrations are applied on ${words.where}, ` +
          `but do not start the rollout until the ${kind === 'replica' ? 'replicas' : 'members'} catch up:`,
        ...lines,
        `${words.check}, then run the job again: it applies nothing twice and waits again.`,
      ].join('\n'),
    );
  }
  if (json) {
    const reached = progress.map(({ name, reachedMs }) => ({ name, reachedMs }));
    out(JSON.stringify({ event, outcome: 'ok', [event]: reached }));
    return;
  }
  const times = progress.map((replica) => `${replica.name} ${((replica.reachedMs ?? 0) / 1000).toFixed(1)} s`);
  out(
    `${words.heading}: ${progress.length} of ${progress.length} have replayed every migration (${times.join(', ')}).`,
  );
}

async function waitForOne(
  target: DatabaseTarget,
  table: string,
  applied: readonly string[],
  deadline: number,
  started: number,
  replication: boolean,
): Promise<Progress> {
  const progress: Progress = {
    name: `${target.host}:${target.port}`,
    read: false,
    missing: [...applied],
    detail: 'not reached yet',
  };
  let connection: Connection | undefined;
  try {
    for (;;) {
      try {
        connection ??= await connectTo(target, { timeoutMs: 2_000, inDatabase: true });
        const [rows] = await connection.query<RowDataPacket[]>(trackedNamesSql(table));
        const have = new Set(rows.map((row) => String(row.name)));
        progress.missing = applied.filter((name) => !have.has(name));
        progress.read = true;
        progress.detail = replication ? 'replicating' : 'a member';
        if (progress.missing.length === 0) {
          progress.reachedMs = Date.now() - started;
          return progress;
        }
      } catch (error) {
        progress.detail = `unreachable: ${(error as Error).message.split('\n')[0]}`;
        await connection?.end().catch(() => undefined);
        connection = undefined;
      }
      if (Date.now() + POLL_MS > deadline) {
        const detail = connection && replication ? await replicationDetail(connection) : undefined;
        progress.detail = detail ?? progress.detail;
        return progress;
      }
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
  } finally {
    await connection?.end().catch(() => undefined);
  }
}

/** What SHOW REPLICA STATUS says, when the migrator's user may read it (REPLICATION CLIENT). */
async function replicationDetail(connection: Connection): Promise<string | undefined> {
  try {
    const [rows] = await connection.query<RowDataPacket[]>(REPLICA_STATUS_SQL);
    const state = readReplicationState(rows);
    if (!state) {
      return 'not a replica: SHOW REPLICA STATUS is empty';
    }
    const threads = `receiving ${state.receiving ? 'yes' : 'NO'}, applying ${state.applying ? 'yes' : 'NO'}`;
    const lag = state.lagSeconds === undefined ? 'lag unknown' : `lag ${state.lagSeconds} s`;
    return `${threads}, ${lag}${state.lastError ? `, last error: ${state.lastError}` : ''}`;
  } catch {
    return undefined;
  }
}
