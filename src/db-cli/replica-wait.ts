import type { Orm } from './context.js';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import type { ReplicaConfig } from '../config/replica-config.js';
import type { DatabaseTarget } from '../config/database-url.js';
import { REPLICA_STATUS_SQL, readReplicationState, trackedNamesSql } from '../db/replicas/replication-sql.js';

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

/**
 * After `up`, waits until every replica in DATABASE_REPLICA_URLS has replayed the primary's
 * tracking rows: only then does the rollout start, and a new pod reading from a replica finds
 * the schema it was built for. Bounded by MIGRATION_REPLICA_WAIT; on time-out, names each
 * replica still behind and what it lacks.
 */
export async function waitForReplicas(
  replicas: ReplicaConfig,
  table: string,
  applied: readonly string[],
  out: (line: string) => void,
  json = false,
): Promise<void> {
  if (replicas.targets.length === 0 || replicas.migrationWaitSeconds === 0) {
    return;
  }
  const started = Date.now();
  const deadline = started + replicas.migrationWaitSeconds * 1000;
  const progress = await Promise.all(
    replicas.targets.map((target) => waitForOne(target, table, applied, deadline, started)),
  );
  const behind = progress.filter((replica) => replica.reachedMs === undefined);
  if (behind.length > 0) {
    if (json) {
      const replicas = behind.map(({ name, read, missing, detail }) => ({ name, read, missing, detail }));
      out(JSON.stringify({ event: 'replicas', outcome: 'failed', replicas }));
    }
    const lines = behind.map((replica) =>
      replica.read
        ? `  ${replica.name}: lacks ${replica.missing.join(', ')} (${replica.detail})`
        : `  ${replica.name}: could not be read (${replica.detail}); check the URL in DATABASE_REPLICA_URLS and that the server is up`,
    );
    throw new ReplicaWaitError(
      [
        `${behind.length} of ${progress.length} replica(s) did not replay the migrations within ` +
          `MIGRATION_REPLICA_WAIT=${replicas.migrationWaitSeconds} s; the migrations are applied on the primary, ` +
          'but do not start the rollout until the replicas catch up:',
        ...lines,
        'Check replication on each replica behind (SHOW REPLICA STATUS), then run the job again: it applies nothing twice and waits again.',
      ].join('\n'),
    );
  }
  if (json) {
    const reached = progress.map(({ name, reachedMs }) => ({ name, reachedMs }));
    out(JSON.stringify({ event: 'replicas', outcome: 'ok', replicas: reached }));
    return;
  }
  const times = progress.map((replica) => `${replica.name} ${((replica.reachedMs ?? 0) / 1000).toFixed(1)} s`);
  out(`Replicas: ${progress.length} of ${progress.length} have replayed every migration (${times.join(', ')}).`);
}

async function waitForOne(
  target: DatabaseTarget,
  table: string,
  applied: readonly string[],
  deadline: number,
  started: number,
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
        connection ??= await createConnection({
          host: target.host,
          port: target.port,
          user: target.user,
          password: target.password,
          database: target.database,
          connectTimeout: 2_000,
        });
        const [rows] = await connection.query<RowDataPacket[]>(trackedNamesSql(table));
        const have = new Set(rows.map((row) => String(row.name)));
        progress.missing = applied.filter((name) => !have.has(name));
        progress.read = true;
        progress.detail = 'replicating';
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
        progress.detail = (connection && (await replicationDetail(connection))) ?? progress.detail;
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
