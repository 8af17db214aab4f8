import type { PlanLine } from '../types.js';
import { GALERA_BLOCKS, SECONDARIES_LAG, onCluster } from './cluster-terms.js';

const line = (parts: Partial<PlanLine>): PlanLine => ({
  migration: 'M',
  statement: 1,
  sql: 'alter table `t` add index `i` (`n`)',
  kind: 'alter',
  table: 't',
  rows: 10,
  bytes: 0,
  algorithm: 'INPLACE',
  lock: 'NONE',
  clause: 'algorithm=INPLACE, lock=NONE',
  note: 'changes the table in place; reads and writes go on',
  checks: [],
  ...parts,
});

describe('what a statement does to the other members of a cluster', () => {
  it('Galera: every ALTER not planned INSTANT blocks every write in the cluster, and says so', () => {
    for (const algorithm of ['INPLACE', 'NOCOPY', 'COPY', null] as const) {
      const planned = onCluster(line({ algorithm }), 'galera');
      expect(planned.blocksCluster).toBe(true);
      expect(planned.note).toBe(`changes the table in place; reads and writes go on; ${GALERA_BLOCKS}`);
    }
    expect(GALERA_BLOCKS).toMatch(/^blocks every write in the cluster for its duration/);
    expect(onCluster(line({ algorithm: 'INSTANT' }), 'galera')).toEqual(line({ algorithm: 'INSTANT' }));
  });

  it('Group Replication: the secondaries lag by the statement’s duration; nothing is counted as blocking', () => {
    const planned = onCluster(line({ algorithm: 'COPY', lock: 'SHARED' }), 'group-replication');
    expect(planned.note).toBe(`changes the table in place; reads and writes go on; ${SECONDARIES_LAG}`);
    expect(planned.blocksCluster).toBeUndefined();
  });

  it('leaves other statements, and servers of their own, as they are', () => {
    expect(onCluster(line({ kind: 'create-table', algorithm: null }), 'galera')).toEqual(
      line({ kind: 'create-table', algorithm: null }),
    );
    expect(onCluster(line({}), undefined)).toEqual(line({}));
  });
});
