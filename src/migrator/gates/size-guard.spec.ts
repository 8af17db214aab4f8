import type { PlanLine } from '../types.js';
import { isBlocking } from './size-guard.js';

const line = (parts: Partial<PlanLine>): PlanLine => ({
  migration: 'M',
  statement: 1,
  sql: 'alter table `t` modify `n` bigint',
  kind: 'alter',
  table: 't',
  rows: 1_000_000,
  bytes: 0,
  algorithm: 'INSTANT',
  lock: 'NONE',
  clause: 'algorithm=INSTANT',
  note: '',
  checks: [],
  ...parts,
});

describe('isBlocking', () => {
  it('a table copy, or any lock but NONE, keeps writers waiting', () => {
    expect(isBlocking(line({ algorithm: 'COPY', lock: 'SHARED' }))).toBe(true);
    expect(isBlocking(line({ algorithm: 'INPLACE', lock: 'SHARED' }))).toBe(true);
    expect(isBlocking(line({ algorithm: 'INPLACE', lock: 'NONE' }))).toBe(false);
    expect(isBlocking(line({ algorithm: 'INSTANT', lock: 'NONE' }))).toBe(false);
  });

  it('a copy through pt-online-schema-change does not', () => {
    expect(isBlocking(line({ algorithm: 'COPY', lock: 'SHARED' }), true)).toBe(false);
  });

  it('an ALTER the server could not plan counts as the worst case, even in an online migration', () => {
    expect(isBlocking(line({ algorithm: null, lock: null, clause: null }))).toBe(true);
    expect(isBlocking(line({ algorithm: null, lock: null, clause: null }), true)).toBe(true);
  });

  it('on Galera any ALTER that is not instant holds the cluster, unless it runs through pt-online-schema-change', () => {
    const inPlace = line({ algorithm: 'INPLACE', lock: 'NONE', blocksCluster: true });
    expect(isBlocking(inPlace)).toBe(true);
    expect(isBlocking(inPlace, true)).toBe(false);
    expect(isBlocking(line({ algorithm: null, lock: null, clause: null, blocksCluster: true }), true)).toBe(true);
  });

  it('other statements are not ALTERs the guard weighs', () => {
    expect(isBlocking(line({ kind: 'drop-table', algorithm: null, lock: 'EXCLUSIVE' }))).toBe(false);
  });
});
