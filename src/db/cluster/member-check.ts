import { withSchemaHead, type Execute, type SchemaNeed } from '../replicas/replica-check.js';
import type { CheckReplica } from '../replicas/replica-set.js';
import type { ClusterTopology } from './cluster-topology.js';

/**
 * How far a Group Replication secondary is behind: the transaction its applier works on now,
 * from when it committed on the primary. 0 while it applies nothing. (`lag` is a reserved word
 * on MySQL 8+: the column is `behind`.)
 */
const GROUP_LAG_SQL =
  'SELECT IFNULL(MAX(TIMESTAMPDIFF(SECOND, APPLYING_TRANSACTION_ORIGINAL_COMMIT_TIMESTAMP, NOW(6))), 0) AS behind ' +
  "FROM performance_schema.replication_applier_status_by_worker WHERE CHANNEL_NAME = 'group_replication_applier' " +
  "AND APPLYING_TRANSACTION <> ''";

/**
 * A cluster member's check for the read set: what its last topology check said (ONLINE, or
 * synced in the primary component), then its lag and schema head on its read connection. The
 * member that takes the writes is kept out: reads without a token go to the others, and
 * the writer is where every read falls back anyway. On Group Replication a secondary applies a
 * DDL only once the primary has finished it, so its lag counts the DDL's duration.
 */
export function memberCheck(topology: ClusterTopology, name: string): CheckReplica {
  return async (execute: Execute, maxLagSeconds: number, need: SchemaNeed | undefined) => {
    const { view, problem } = topology.viewOf(name);
    if (!view) {
      return { up: false, lagSeconds: null, schemaHead: null, problem: problem ?? 'not checked yet' };
    }
    if (topology.isWriter(name)) {
      return withSchemaHead(execute, need, {
        up: true,
        lagSeconds: 0,
        problem: 'takes the writes (reads fall back to it)',
      });
    }
    const readable = topology.kind === 'galera' ? view.writable : view.state === 'ONLINE';
    if (!readable) {
      return withSchemaHead(execute, need, { up: true, lagSeconds: null, problem: `member state ${view.state}` });
    }
    const lagSeconds = topology.kind === 'group-replication' ? await groupLag(execute) : 0;
    const behind =
      lagSeconds !== null && lagSeconds > maxLagSeconds
        ? `lag ${lagSeconds} s is over REPLICA_MAX_LAG_SECONDS (${maxLagSeconds} s)`
        : undefined;
    return withSchemaHead(execute, need, { up: true, lagSeconds, problem: behind });
  };
}

/**
 * Null when it cannot be read (no SELECT on performance_schema, or the member went away: the
 * schema read that follows finds that out and says so).
 */
async function groupLag(execute: Execute): Promise<number | null> {
  try {
    const [row] = await execute(GROUP_LAG_SQL);
    return Math.max(0, Number(row?.behind ?? 0));
  } catch {
    return null;
  }
}
