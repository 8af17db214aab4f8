import { NotAppliedError, UnknownMigrationError } from '../errors/index.js';
import type { MigrationPhase } from '../types.js';
import type { MetaRow } from './migration-meta.js';
import { buildState } from './migration-state.js';
import { asRunRequest, isBase, resolveName, selectRange, selectRun } from './run-selection.js';
import type { TrackingRow } from './tracking-table.js';

const NAMES = ['Migration20260101000000', 'Migration20260102000000', 'Migration20260103000000'];
/** A database that already runs a release: BASE applied before NAMES. */
const BASE = 'Migration20251231000000';

function stateOf(
  applied: number,
  {
    blocked,
    phases = {},
    running = false,
  }: { blocked?: string; phases?: Record<string, MigrationPhase>; running?: boolean } = {},
) {
  const names = running ? [BASE, ...NAMES] : NAMES;
  const files = names.map((name) => ({ name, path: `migrations/${name}.ts` }));
  const checksums = new Map(names.map((name) => [name, `sum-${name}`]));
  const tracking: TrackingRow[] = names
    .slice(0, applied + (running ? 1 : 0))
    .map((name) => ({ name, executedAt: '2026-01-01 00:00:00' }));
  const meta = new Map<string, MetaRow>();
  if (blocked) {
    meta.set(blocked, {
      name: blocked,
      status: 'blocked',
      checksum: `sum-${blocked}`,
      statements: 3,
      failedStatement: 2,
      error: 'gave up on its metadata lock',
      durationMs: null,
      updatedAt: '2026-01-01 00:00:00',
    });
  }
  const state = buildState(files, checksums, tracking, meta);
  return { ...state, entries: state.entries.map((entry) => ({ ...entry, phase: phases[entry.name] ?? 'expand' })) };
}

/** The error a call throws (the test fails when it throws none). */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('resolveName, selectRange and isBase', () => {
  const known = ['Migration20260101000000', 'Migration20260102000000_slow', 'Migration20260103000000_a', 'Custom'];

  it('accepts names, file names (with folder and extension) and bare timestamps of named migrations', () => {
    expect(resolveName(known, 'Migration20260101000000.ts')).toBe('Migration20260101000000');
    expect(resolveName(known, ' 20260101000000 ')).toBe('Migration20260101000000');
    expect(resolveName(known, '20260102000000')).toBe('Migration20260102000000_slow');
    expect(resolveName(known, 'Migration20260102000000')).toBe('Migration20260102000000_slow');
    expect(resolveName(known, 'migrations/Migration20260103000000_a.ts')).toBe('Migration20260103000000_a');
    expect(resolveName(known, 'Custom.js')).toBe('Custom');
  });

  it('refuses a name it does not know, listing what it knows', () => {
    expect(thrown(() => resolveName(known, '20260109000000'))).toMatchObject({ known });
    const twice = ['Migration20260101000000_a', 'Migration20260101000000_b'];
    expect(thrown(() => resolveName(twice, '20260101000000'))).toMatchObject({ known: twice });
  });

  it('selectRange: the files between two names, in the order up or down takes them', () => {
    const all = NAMES;
    expect(selectRange(all, { direction: 'up' })).toEqual(NAMES);
    expect(selectRange(all, { direction: 'up', from: NAMES[0], to: NAMES[1] })).toEqual([NAMES[1]]);
    expect(selectRange(all, { direction: 'down' })).toEqual([...NAMES].reverse());
    expect(selectRange(all, { direction: 'down', from: 'head', to: NAMES[0] })).toEqual([NAMES[2], NAMES[1]]);
  });

  it('knows base by name and by 0', () => {
    expect([isBase('base'), isBase(0), isBase('0'), isBase('head'), isBase(undefined)]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('selectRun', () => {
  it('up: every pending migration in order, up to --to, after --from, or the names given', () => {
    const state = stateOf(1);
    expect(selectRun('up', state).run).toEqual(NAMES.slice(1));
    expect(selectRun('up', state, { to: NAMES[1] }).run).toEqual([NAMES[1]]);
    expect(selectRun('up', state, { from: NAMES[1] }).run).toEqual([NAMES[2]]);
    expect(selectRun('up', state, asRunRequest([NAMES[2]])).run).toEqual([NAMES[2]]);
  });

  it('up --steps N: the next N of what up would run', () => {
    expect(selectRun('up', stateOf(0), { steps: 2 }).run).toEqual(NAMES.slice(0, 2));
    expect(selectRun('up', stateOf(2), { steps: 5 }).run).toEqual([NAMES[2]]);
  });

  it('up --steps 1 with a migration BLOCKED half-way: resumes it, and nothing runs ahead of it', () => {
    // NAMES[0] applied; NAMES[1] blocked at statement 2 of 3 (resumable); NAMES[2] pending.
    const state = stateOf(1, { blocked: NAMES[1] });
    expect(state.entries[1]).toMatchObject({ state: 'failed', failure: { resumable: true, statement: 2 } });
    expect(selectRun('up', state, { steps: 1 }).run).toEqual([NAMES[1]]);
    expect(selectRun('up', state).run).toEqual([NAMES[1], NAMES[2]]);
  });

  it('up stops before the first contract migration unless contract migrations are asked for', () => {
    const state = stateOf(0, { phases: { [NAMES[1]]: 'contract' }, running: true });
    expect(selectRun('up', state)).toEqual({
      run: [NAMES[0]],
      heldBack: [NAMES[1], NAMES[2]],
      behindContract: [NAMES[2]],
      contractWindow: [],
    });
    // E1 applied: the contract window is open, --contract applies C2 and what follows.
    expect(
      selectRun('up', stateOf(1, { phases: { [NAMES[1]]: 'contract' }, running: true }), { contract: true }),
    ).toEqual({
      run: NAMES.slice(1),
      heldBack: [],
      behindContract: [],
      contractWindow: [],
    });
  });

  it('up --contract never applies a contract migration in the same run as the expand ones of its release', () => {
    // E1 still pending: the release that wrote C2 cannot run anywhere yet, so C2 must wait.
    const state = stateOf(0, { phases: { [NAMES[1]]: 'contract' }, running: true });
    const selection = selectRun('up', state, { contract: true });
    expect(selection).toEqual({
      run: [NAMES[0]],
      heldBack: [NAMES[1], NAMES[2]],
      behindContract: [],
      contractWindow: [NAMES[1], NAMES[2]],
      deployFirst: [NAMES[0]],
    });
    expect(selection.behindContract).toEqual([]);
  });

  it('an expand migration behind a pending contract one is named, and up refuses rather than skip or wait', () => {
    // E1 expand, C2 contract, E3 expand: E3 must not run ahead of C2.
    const state = stateOf(0, { phases: { [NAMES[1]]: 'contract' }, running: true });
    const selection = selectRun('up', state);
    expect(selection.behindContract).toEqual([NAMES[2]]);
    // Steps that stop short of the contract migration leave nothing behind it.
    const short = selectRun('up', state, { steps: 1 });
    expect(short).toEqual({ run: [NAMES[0]], heldBack: [], behindContract: [], contractWindow: [] });
    expect(short.behindContract).toEqual([]);
    // Only contract migrations at the end: held back, nothing refused.
    const tail = selectRun('up', stateOf(1, { phases: { [NAMES[2]]: 'contract' }, running: true }));
    expect(tail).toEqual({ run: [NAMES[1]], heldBack: [NAMES[2]], behindContract: [], contractWindow: [NAMES[2]] });
  });

  it('up on an empty database applies the whole history in file order, contract migrations included', () => {
    // No release runs on a database with nothing applied: nothing needs what C2 removes.
    const state = stateOf(0, { phases: { [NAMES[1]]: 'contract' } });
    const selection = selectRun('up', state);
    expect(selection).toEqual({
      run: NAMES,
      heldBack: [],
      behindContract: [],
      contractWindow: [],
      freshContracts: [NAMES[1]],
    });
    expect(selection.behindContract).toEqual([]);
    expect(selectRun('up', state, { to: NAMES[1] }).run).toEqual(NAMES.slice(0, 2));
    // Once something is applied, the same history waits at C2.
    expect(selectRun('up', stateOf(1, { phases: { [NAMES[1]]: 'contract' } })).heldBack).toEqual(NAMES.slice(1));
  });

  it('down: one by default, the last N, down to a name (exclusive), or all to base, newest first', () => {
    const state = stateOf(3);
    expect(selectRun('down', state).run).toEqual([NAMES[2]]);
    expect(selectRun('down', state, { steps: 2 }).run).toEqual([NAMES[2], NAMES[1]]);
    expect(selectRun('down', state, { to: NAMES[0] }).run).toEqual([NAMES[2], NAMES[1]]);
    expect(selectRun('down', state, { to: 0 }).run).toEqual([...NAMES].reverse());
  });

  it('down undoes what was applied last first, even when it was applied out of order', () => {
    const files = NAMES.map((name) => ({ name, path: `migrations/${name}.ts` }));
    const tracking = [NAMES[0], NAMES[2], NAMES[1]].map((name) => ({ name, executedAt: '2026-01-01 00:00:00' }));
    const state = buildState(files, new Map(), tracking, new Map());
    expect(selectRun('down', state).run).toEqual([NAMES[1]]);
    expect(selectRun('down', state, { steps: 3 }).run).toEqual([NAMES[1], NAMES[2], NAMES[0]]);
    expect(selectRun('down', state, { to: NAMES[2] }).run).toEqual([NAMES[1]]);
    // A single down too reverts another migration than the newest file: the run says so.
    expect(selectRun('down', state).revertsOutOfFileOrder).toBe(true);
    expect(selectRun('down', state, { steps: 3 }).revertsOutOfFileOrder).toBe(true);
    // A migration asked for by name is reverted as asked: nothing to explain.
    expect(selectRun('down', state, { migrations: [NAMES[1]] }).revertsOutOfFileOrder).toBe(false);
    const inOrder = buildState(
      files,
      new Map(),
      [NAMES[0], NAMES[1]].map((name) => ({ name, executedAt: '2026-01-01 00:00:00' })),
      new Map(),
    );
    expect(selectRun('down', inOrder).revertsOutOfFileOrder).toBe(false);
  });

  it('refuses names it does not know, and a down target that is not applied', () => {
    expect(() => selectRun('up', stateOf(0), { to: 'Nope' })).toThrow(UnknownMigrationError);
    expect(() => selectRun('down', stateOf(1), { to: NAMES[2] })).toThrow(NotAppliedError);
    expect(() => selectRun('up', stateOf(0), { to: 'Nope' })).toThrow(
      expect.objectContaining({ migration: 'Nope', known: NAMES }),
    );
  });
});
