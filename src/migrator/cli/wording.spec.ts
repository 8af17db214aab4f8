import {
  ForceRequiredError,
  MigrationBlockedError,
  MigrationFailedError,
  MigrationLockTimeoutError,
  UnknownMigrationError,
} from '../index.js';
import { explain } from './wording.js';

describe('explain', () => {
  it('gives a failed migration both ways out, and says what stays committed', () => {
    const text = explain(new MigrationFailedError('M1', 'up', 2, 3, 'alter table t add x int', 'Duplicate column'));
    expect(text.split('\n')).toEqual([
      'M1 up: statement 2 of 3 failed: Duplicate column',
      'Statements 1–1 were committed and stay in the database: MySQL does not roll back DDL. The migration is recorded as FAILED and further runs are refused until it is resolved:',
      '  - undo what it did by hand, then: npm run db -- resolve M1 --rolled-back   (it will run again)',
      '  - or complete it by hand, then:   npm run db -- resolve M1 --applied',
    ]);
  });

  it('lists blocking problems one per line with their fixes', () => {
    const text = explain(
      new MigrationBlockedError('up', [
        { kind: 'missing-file', name: 'M0' },
        { kind: 'out-of-order', name: 'M1', head: 'M2' },
      ]),
    );
    expect(text).toMatch(/^refusing to migrate up:\n {2}- migration M0 is recorded as applied but its file is missing/);
    expect(text).toContain('migration:unlog --name M0');
    expect(text).toContain('up --allow-out-of-order');
  });

  it('names the switch that allows a forced action where it was refused', () => {
    expect(explain(new ForceRequiredError('stamp head', 'nothing', 'flag'))).toBe(
      'refusing to stamp head in production without --force (DB_FORCE=true for the MikroORM CLI). It would lose: nothing',
    );
    expect(explain(new ForceRequiredError('drop every table', 't (1 rows)', 'environment'))).toBe(
      'refusing to drop every table in production without DB_FORCE=true. It would lose: t (1 rows)',
    );
  });

  it('is the same when applied twice (the engine may have worded the message already)', () => {
    const error = new UnknownMigrationError('X', ['M1']);
    error.message = explain(error);
    expect(explain(error)).toBe('unknown migration "X" — known migrations: M1 (see `npm run db -- history`)');
    const lock = new MigrationLockTimeoutError('l', 7, 1);
    expect(explain(lock)).toMatch(/held by connection 7\)\. Another migrate run is still working/);
  });
});
