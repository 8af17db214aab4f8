import type { ClusterKind, PlanLine } from '../types.js';

/**
 * What a statement does to the other members, said in the plan beside what it does to its table.
 *
 * Galera runs every DDL in total order (TOI): while it runs, every write on every node, to every
 * table, waits; INPLACE with LOCK=NONE and NOCOPY included (measured: an ADD INDEX of 3.9 s held a
 * write to another table on another node for 3.6 s). Only INSTANT is short. So every ALTER not
 * planned INSTANT is labelled, and the production size guard counts it as blocking.
 *
 * Group Replication applies a DDL on the secondaries only once the primary has finished it, so
 * they lag behind by its duration; writes on the primary are not held beyond the table's own lock.
 */
export const GALERA_BLOCKS = 'blocks every write in the cluster for its duration (Galera runs DDL in total order)';
export const SECONDARIES_LAG = 'the secondaries apply it after it ends here: they lag by its duration';

export function onCluster(line: PlanLine, cluster: ClusterKind | undefined): PlanLine {
  if (cluster === undefined || line.kind !== 'alter' || line.algorithm === 'INSTANT') {
    return line;
  }
  if (cluster === 'galera') {
    return { ...line, blocksCluster: true, note: `${line.note}; ${GALERA_BLOCKS}` };
  }
  return { ...line, note: `${line.note}; ${SECONDARIES_LAG}` };
}
