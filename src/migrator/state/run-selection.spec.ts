import { NotAppliedError, UnknownMigrationError } from '../errors.js';
import { buildState, type TrackingRow } from './migration-state.js';
import { isBase, normaliseName, planRun } from './run-selection.js';

const NAMES = ['Migration20260101000000', 'Migration20260102000000', 'Migration20260103000000'];

function stateWithApplied(count: number) {
  const files = NAMES.map((name) => ({ name, path: `migrations/${name}.ts` }));
  const checksums = new Map(NAMES.map((name) => [name, `sum-${name}`]));
  const tracking: TrackingRow[] = NAMES.slice(0, count).map((name) => ({ name, executedAt: '2026-01-01 00:00:00' }));
  return buildState(files, checksums, tracking, new Map());
}

describe('normaliseName and isBase', () => {
  it('accepts file names and bare timestamps', () => {
    expect(normaliseName('Migration20260101000000.ts')).toBe('Migration20260101000000');
    expect(normaliseName(' 20260101000000 ')).toBe('Migration20260101000000');
    expect(normaliseName('Custom.js')).toBe('Custom');
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

describe('planRun', () => {
  it('up: every pending migration in order, or up to --to', () => {
    const state = stateWithApplied(1);
    expect(planRun('up', state, undefined)).toEqual(NAMES.slice(1));
    expect(planRun('up', state, { to: NAMES[1] })).toEqual([NAMES[1]]);
    expect(planRun('up', state, { from: NAMES[1] })).toEqual([NAMES[2]]);
    expect(planRun('up', state, [NAMES[2]])).toEqual([NAMES[2]]);
  });

  it('down: one by default, down to a name (exclusive), or all to base, newest first', () => {
    const state = stateWithApplied(3);
    expect(planRun('down', state, undefined)).toEqual([NAMES[2]]);
    expect(planRun('down', state, { to: NAMES[0] })).toEqual([NAMES[2], NAMES[1]]);
    expect(planRun('down', state, { to: 0 })).toEqual([...NAMES].reverse());
  });

  it('refuses names it does not know, and a down target that is not applied', () => {
    expect(() => planRun('up', stateWithApplied(0), { to: 'Nope' })).toThrow(UnknownMigrationError);
    expect(() => planRun('down', stateWithApplied(1), { to: NAMES[2] })).toThrow(NotAppliedError);
    try {
      planRun('up', stateWithApplied(0), { to: 'Nope' });
    } catch (error) {
      expect(error).toMatchObject({ migration: 'Nope', known: NAMES });
    }
  });
});
