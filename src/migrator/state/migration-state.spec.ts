import type { MetaRow } from './migration-meta.js';
import { buildState, byState, filesOf } from './migration-state.js';
import { findProblems } from './problems.js';

const file = (name: string) => ({ name, path: `migrations/${name}.ts` });
const row = (name: string) => ({ name, executedAt: '2026-01-01 00:00:00' });
const meta = (name: string, fields: Partial<MetaRow>): [string, MetaRow] => [
  name,
  {
    name,
    status: 'applied',
    checksum: null,
    statements: null,
    failedStatement: null,
    error: null,
    durationMs: null,
    updatedAt: '2026-01-01 00:00:00',
    ...fields,
  },
];

describe('buildState', () => {
  it('joins files, tracking rows and the companion table into one state per migration', () => {
    const state = buildState(
      [file('M1'), file('M2'), file('M3'), file('M5')],
      new Map([
        ['M1', 'aaa'],
        ['M2', 'bbb'],
        ['M3', 'ccc'],
        ['M5', 'eee'],
      ]),
      [row('M1'), row('M2'), row('M4')],
      new Map([
        meta('M1', { checksum: 'aaa' }),
        meta('M2', { checksum: 'old' }),
        meta('M3', { status: 'failed', statements: 3, failedStatement: 2, error: 'boom' }),
      ]),
    );
    expect(state.entries.map((entry) => [entry.name, entry.state])).toEqual([
      ['M1', 'applied'],
      ['M2', 'applied'],
      ['M3', 'failed'],
      ['M4', 'missing-file'],
      ['M5', 'pending'],
    ]);
    expect(state.head).toBe('M4');
    expect(state.entries[1].checksumChanged).toBe(true);
    expect(state.entries[2].failure).toMatchObject({ statement: 2, statements: 3, error: 'boom' });
    expect(byState(state, 'pending', 'failed').map((entry) => entry.name)).toEqual(['M3', 'M5']);
    expect([...filesOf(state).keys()]).toEqual(['M1', 'M2', 'M3', 'M5']);
  });

  it('reads a row left `running` as an interrupted run, and a pending file older than head as out of order', () => {
    const state = buildState(
      [file('M1'), file('M2'), file('M3')],
      new Map(),
      [row('M2')],
      new Map([meta('M3', { status: 'running', statements: 3, failedStatement: 2 })]),
    );
    expect(state.entries[0]).toMatchObject({ name: 'M1', state: 'pending', outOfOrder: true });
    expect(state.entries[2].failure?.error).toMatch(/^interrupted/);
  });

  it('reads a row left `running` as a run in progress while another connection holds the migration lock', () => {
    const state = buildState(
      [file('M1'), file('M2')],
      new Map(),
      [row('M1')],
      new Map([meta('M2', { status: 'running', statements: 3, failedStatement: 2, updatedAt: '2026-01-01 00:00:05' })]),
      { lockHolder: 42 },
    );
    expect(state.entries[1]).toMatchObject({
      state: 'running',
      running: { connection: 42, statement: 2, statements: 3, since: '2026-01-01 00:00:05' },
      failure: undefined,
      outOfOrder: false,
    });
    expect(findProblems(state, { allowOutOfOrder: false })).toEqual([]);
  });

  it('numbers applied migrations in the order they were applied, not by name', () => {
    const state = buildState([file('M1'), file('M2')], new Map(), [row('M2'), row('M1')], new Map());
    expect(state.entries.map((entry) => [entry.name, entry.appliedOrder])).toEqual([
      ['M1', 2],
      ['M2', 1],
    ]);
  });
});

describe('findProblems', () => {
  const state = buildState(
    [file('M1'), file('M2'), file('M3')],
    new Map([
      ['M2', 'new'],
      ['M3', 'x'],
    ]),
    [row('M2'), row('M9')],
    new Map([meta('M2', { checksum: 'old' }), meta('M3', { status: 'failed', failedStatement: 1, statements: 1 })]),
  );

  it('lists each kind with its data, in migration order', () => {
    expect(findProblems(state, { allowOutOfOrder: false }).map((problem) => problem.kind)).toEqual([
      'out-of-order',
      'checksum-changed',
      'failed',
    ]);
    expect(findProblems(state, { allowOutOfOrder: false })[1]).toEqual({
      kind: 'checksum-changed',
      name: 'M2',
      path: 'migrations/M2.ts',
      recorded: 'old',
      current: 'new',
    });
  });

  it('lets out-of-order pass when allowed, and on the way down', () => {
    const kinds = (options: Parameters<typeof findProblems>[1]) =>
      findProblems(state, options).map((problem) => problem.kind);
    expect(kinds({ allowOutOfOrder: true })).not.toContain('out-of-order');
    expect(kinds({ allowOutOfOrder: false, method: 'down' })).not.toContain('out-of-order');
  });

  it('a migration applied by a newer release than this checkout is a problem only for down', () => {
    // M9 is newer than every file: a newer release applied it. The schema is ahead, not broken.
    expect(findProblems(state, { allowOutOfOrder: true, method: 'up' })).toEqual([
      expect.objectContaining({ kind: 'checksum-changed' }),
      expect.objectContaining({ kind: 'failed' }),
    ]);
    expect(findProblems(state, { allowOutOfOrder: true, method: 'down' })).toContainEqual({
      kind: 'missing-file',
      name: 'M9',
      newerRelease: true,
    });
    // A file missing among known ones is lost, whatever the direction.
    const lost = buildState([file('M1'), file('M3')], new Map(), [row('M1'), row('M2'), row('M3')], new Map());
    expect(findProblems(lost, { allowOutOfOrder: false })).toEqual([
      { kind: 'missing-file', name: 'M2', newerRelease: false },
    ]);
  });

  it('a file whose class calls itself by another name is a problem', () => {
    const misnamed = buildState([file('M2')], new Map(), [], new Map());
    misnamed.entries[0].className = 'M1';
    expect(findProblems(misnamed, { allowOutOfOrder: false })).toEqual([
      { kind: 'name-mismatch', name: 'M2', path: 'migrations/M2.ts', className: 'M1' },
    ]);
  });
});
