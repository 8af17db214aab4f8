import { closest, relativeSteps, translateAlembic } from './alembic-verbs.js';

const argvOf = (line: string) => translateAlembic(line.split(' '))?.argv.join(' ');

describe('translateAlembic', () => {
  it.each([
    ['current', 'status --short'],
    ['current --verbose', 'status'],
    ['current -v', 'status'],
    ['heads -v', 'history --offline --last --verbose'],
    ['heads', 'history --offline --last'],
    ['upgrade head', 'up'],
    ['upgrade Migration20261125071813', 'up --to Migration20261125071813'],
    ['upgrade +2', 'up --steps 2'],
    ['upgrade head --sql', 'sql --from base --to head'],
    ['upgrade M1:M3 --sql', 'sql --from M1 --to M3'],
    ['downgrade -1', 'down --steps 1'],
    ['downgrade -3', 'down --steps 3'],
    ['downgrade base', 'down --to base'],
    ['downgrade M1', 'down --to M1'],
    ['downgrade head:base --sql', 'sql --down --from head --to base'],
    ['downgrade base --sql', 'sql --down --from head --to base'],
    ['downgrade -1 --sql', 'sql --down --steps 1'],
    ['upgrade +2 --sql', 'sql --pending --steps 2'],
    ['revision --autogenerate -m add_tags', 'create --name add_tags'],
    ['revision -m empty_one', 'create --name empty_one --blank'],
    ['upgrade head --json', 'up --json'],
  ])('%s → db %s', (typed, expected) => {
    expect(argvOf(typed)).toBe(expected);
  });

  it('says what it ran, and leaves the project’s own commands alone', () => {
    expect(translateAlembic(['upgrade', 'head'])?.note).toBe('(alembic) upgrade head → npm run db -- up');
    // MIGRATION_COMMAND: the command as it is typed where the note is read.
    const job = 'docker compose run --rm migrate node dist/src/db-cli/main.js';
    expect(translateAlembic(['current'], job)?.note).toBe(`(alembic) current → ${job} status --short`);
    for (const own of ['up', 'down', 'status', 'history', 'stamp', 'check']) {
      expect(translateAlembic([own])).toBeUndefined();
    }
    expect(() => translateAlembic(['downgrade'])).toThrow(/downgrade needs a target/);
  });
});

describe('relativeSteps and closest', () => {
  it('reads `down -1` and `up +2` as steps', () => {
    expect(relativeSteps(['down', '-1'])).toEqual(['down', '--steps', '1']);
    expect(relativeSteps(['up', '+2', '--json'])).toEqual(['up', '--steps', '2', '--json']);
    expect(relativeSteps(['status', '-1'])).toEqual(['status', '-1']);
  });

  it('suggests the nearest names for a typo', () => {
    expect(closest('upp', ['up', 'down', 'status'])).toEqual(['up']);
    expect(closest('stauts', ['status', 'stamp'])).toEqual(['status']);
    expect(closest('frobnicate', ['up', 'down'])).toEqual([]);
  });
});
