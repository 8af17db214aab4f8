import type { MetaRow } from './migration-meta.js';
import { buildState } from './migration-state.js';
import { findProblems } from './problems.js';

const file = (name: string) => ({ name, path: `migrations/${name}.ts` });
const applied = (name: string) => ({ name, executedAt: '2026-01-01 00:00:00' });
const record = (name: string, status: MetaRow['status'], checksum: string): MetaRow => ({
  name,
  status,
  checksum,
  statements: 2,
  failedStatement: status === 'applied' ? null : 2,
  error: status === 'applied' ? null : 'boom',
  durationMs: null,
  updatedAt: '2026-01-01 00:00:00',
});

describe('findProblems', () => {
  it('finds a failed migration, a missing file, a changed file and an out-of-order one, in migration order', () => {
    const state = buildState(
      [file('M1'), file('M3'), file('M4'), file('M2')],
      new Map([
        ['M1', 'now'],
        ['M2', 'sum2'],
        ['M3', 'sum3'],
        ['M4', 'sum4'],
      ]),
      [applied('M0'), applied('M1'), applied('M3')],
      new Map([
        ['M1', record('M1', 'applied', 'then')],
        ['M4', record('M4', 'failed', 'sum4')],
      ]),
    );
    expect(findProblems(state, { allowOutOfOrder: false }).map((problem) => problem.kind)).toEqual([
      'missing-file',
      'checksum-changed',
      'out-of-order',
      'failed',
    ]);
    expect(findProblems(state, { allowOutOfOrder: true }).map((problem) => problem.kind)).not.toContain('out-of-order');
    expect(
      findProblems(state, { allowOutOfOrder: false, method: 'down' }).map((problem) => problem.kind),
    ).not.toContain('out-of-order');
  });

  it('names the pending file that holds the statements of an applied migration whose file is gone: a rename', () => {
    const state = buildState(
      [file('M1'), file('M3_spicy')],
      new Map([
        ['M1', 'sum1'],
        ['M3_spicy', 'sum2'],
      ]),
      [applied('M1'), applied('M2_spicy')],
      new Map([['M2_spicy', record('M2_spicy', 'applied', 'sum2')]]),
    );
    expect(findProblems(state, { allowOutOfOrder: false })).toEqual([
      { kind: 'missing-file', name: 'M2_spicy', newerRelease: false, renamedTo: 'M3_spicy' },
    ]);
    const other = buildState(
      [file('M1'), file('M3_spicy')],
      new Map([['M3_spicy', 'other']]),
      [applied('M1'), applied('M2_spicy')],
      new Map([['M2_spicy', record('M2_spicy', 'applied', 'sum2')]]),
    );
    expect(findProblems(other, { allowOutOfOrder: false })).toEqual([
      { kind: 'missing-file', name: 'M2_spicy', newerRelease: false },
    ]);
  });

  it('a migration BLOCKED half-way is what up resumes, and a problem for anything else', () => {
    const state = buildState(
      [file('M1')],
      new Map([['M1', 'sum1']]),
      [],
      new Map([['M1', record('M1', 'blocked', 'sum1')]]),
    );
    expect(findProblems(state, { allowOutOfOrder: false, method: 'up' })).toEqual([]);
    expect(findProblems(state, { allowOutOfOrder: false, method: 'down' }).map((problem) => problem.kind)).toEqual([
      'failed',
    ]);
  });
});
