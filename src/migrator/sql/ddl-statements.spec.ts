import type { PlanLine } from '../types.js';
import { asAlter, classify, pinnedSql } from './ddl-statements.js';

describe('asAlter', () => {
  it('reads ALTER TABLE, and CREATE INDEX as the ALTER it is', () => {
    expect(asAlter('alter table `t` add `x` int null')).toEqual({ table: 't', clauses: ['add `x` int null'] });
    expect(asAlter('create unique index `t_x_unique` on `t` (`x`, `y`)')).toEqual({
      table: 't',
      clauses: ['add unique index `t_x_unique` (`x`, `y`)'],
    });
    expect(asAlter('drop table `t`')).toBeUndefined();
  });
});

describe('classify', () => {
  it('names the kind, the table and what it takes', () => {
    expect(classify('create table `n` (`id` int)')).toMatchObject({ kind: 'create-table', table: 'n', lock: 'NONE' });
    expect(classify('drop table if exists `n`')).toMatchObject({ kind: 'drop-table', table: 'n', lock: 'EXCLUSIVE' });
    expect(classify('rename table `a` to `b`')).toMatchObject({ kind: 'rename-table', table: 'a' });
    expect(classify('insert into `n` (`id`) values (1)')).toMatchObject({ kind: 'data', table: 'n', lock: null });
    expect(classify('update `n` set `x` = 1')).toMatchObject({ kind: 'data', table: 'n' });
    expect(classify('set foreign_key_checks = 0')).toMatchObject({ kind: 'other', table: null });
  });
});

describe('pinnedSql', () => {
  const line = (sql: string, clause: string | null): PlanLine => ({
    migration: 'M',
    statement: 1,
    sql,
    kind: 'alter',
    table: 't',
    rows: 0,
    bytes: 0,
    algorithm: clause ? 'INSTANT' : null,
    lock: clause ? 'NONE' : null,
    clause,
    note: '',
    checks: [],
  });

  it('appends the clause the server accepted, in its grammar', () => {
    expect(pinnedSql(line('alter table `t` add `x` int null', 'algorithm=INSTANT'))).toBe(
      'alter table `t` add `x` int null, algorithm=INSTANT',
    );
    expect(pinnedSql(line('create index `i` on `t` (`x`)', 'algorithm=NOCOPY, lock=NONE'))).toBe(
      'alter table `t` add index `i` (`x`), algorithm=NOCOPY, lock=NONE',
    );
  });

  it('sends a statement that was not planned as it is', () => {
    expect(pinnedSql(line('alter table `t` add `x` int null', null))).toBe('alter table `t` add `x` int null');
  });
});
