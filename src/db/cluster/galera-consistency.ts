import type { Consistency } from '../replicas/replication-sql.js';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const GALERA_POSITION = new RegExp(`^${UUID}:\\d{1,20}$`);

/**
 * Read-your-writes on Galera. A node applies the others' writes a moment after they commit:
 * here 50 of 200 reads on a second node, right after a write on the first, missed the row.
 * Waiting for the write's GTID (WSREP_SYNC_WAIT_UPTO_GTID) still missed 1 of 200, and needs
 * wsrep_gtid_mode with binary logs; a causal read (wsrep_sync_wait) missed none and needs nothing:
 * the node first applies everything the cluster had committed when the read began. So a read
 * sent with a token runs a causal SELECT on the node, bounded by REPLICA_TOKEN_WAIT_MS
 * (max_statement_time), and reads there once it returned; else on the writer.
 *
 * The token itself is the writer's state UUID and last committed seqno (no binary log needed):
 * what the write saw, and what a client must send back unchanged.
 */
export const galeraConsistency: Consistency = {
  positionSql:
    "SELECT CONCAT(MAX(IF(VARIABLE_NAME = 'WSREP_LOCAL_STATE_UUID', VARIABLE_VALUE, NULL)), ':', " +
    "MAX(IF(VARIABLE_NAME = 'WSREP_LAST_COMMITTED', VARIABLE_VALUE, NULL))) AS position " +
    "FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('WSREP_LOCAL_STATE_UUID', 'WSREP_LAST_COMMITTED')",
  isPosition: (text) => GALERA_POSITION.test(text),
  async applied(execute, _position, waitMs) {
    try {
      const seconds = Math.max(0.001, waitMs / 1000).toFixed(3);
      await execute(`SET STATEMENT max_statement_time = ${seconds}, wsrep_sync_wait = 1 FOR SELECT 1`);
      return true;
    } catch (error) {
      // ER_STATEMENT_TIMEOUT (1969), or the causal wait's own time-out (1205): not applied in time.
      if ([1969, 1205].includes(Number((error as { errno?: unknown }).errno))) {
        return false;
      }
      throw error;
    }
  },
};
