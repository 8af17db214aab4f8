import type { PlanLine } from '../migrator/index.js';
import { checkLines, planLineText, planTable } from './plan-table.js';

const line = (parts: Partial<PlanLine>): PlanLine => ({
  migration: 'Migration20991231000000',
  statement: 1,
  sql: 'alter table `cookings` modify `n` bigint null',
  kind: 'alter',
  table: 'cookings',
  rows: 150_000,
  bytes: 12 * 1024 * 1024,
  algorithm: 'COPY',
  lock: 'SHARED',
  clause: 'algorithm=COPY, lock=SHARED',
  note: 'rebuilds the table by copying every row; writes wait until it ends',
  checks: [],
  ...parts,
});

describe('plan wording', () => {
  it('one line per statement in messages, an unplanned ALTER said so', () => {
    expect(planLineText(line({}))).toBe(
      'Migration20991231000000 #1 on cookings, ~150,000 rows: COPY, LOCK=SHARED (rebuilds the table by copying every row; writes wait until it ends): alter table `cookings` modify `n` bigint null',
    );
    expect(planLineText(line({ algorithm: null, lock: null, note: 'not planned: boom' }))).toContain(
      ': not planned, LOCK=- (not planned: boom)',
    );
  });

  it('a table a person reads, sizes in human units', () => {
    const table = planTable([
      line({}),
      line({ statement: 2, kind: 'create-table', algorithm: null, rows: null, bytes: null }),
    ]);
    expect(table.split('\n')[0]).toMatch(/^migration\s+#\s+table\s+rows\s+size\s+algorithm\s+lock\s+what it does$/);
    expect(table).toMatch(/cookings\s+~150,000\s+12 MB\s+COPY\s+SHARED/);
    expect(table).toMatch(/2\s+cookings\s+-\s+-\s+create-table/);
  });

  it('data checks with their counts', () => {
    const check = {
      kind: 'not-null' as const,
      table: 'cookings',
      columns: ['n'],
      description: 'NOT NULL on cookings.n: rows holding NULL',
      countSql: '',
      examplesSql: '',
    };
    expect(checkLines([line({ checks: [{ check, count: 2, examples: ['7', '9'] }] })])).toEqual([
      'check Migration20991231000000 #1: NOT NULL on cookings.n: rows holding NULL: 2 found, e.g. 7 | 9: the migration will be refused',
    ]);
    expect(checkLines([line({ checks: [{ check, count: null, examples: [] }] })])[0]).toContain('counted when it runs');
  });
});
