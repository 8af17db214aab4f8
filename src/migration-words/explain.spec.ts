import {
  DdlLockTimeoutError,
  ForceRequiredError,
  MigrationBlockedError,
  MigrationFailedError,
  MigrationLockTimeoutError,
  OnlineChangeFailedError,
  ScratchDatabaseError,
  UnknownMigrationError,
} from '../migrator/index.js';
import { explain } from './explain.js';

describe('explain', () => {
  it('gives a failed migration both ways out, and says what stays committed', () => {
    const text = explain(new MigrationFailedError('M1', 'up', 2, 3, 'alter table t add x int', 'Duplicate column'));
    expect(text.split('\n')).toEqual([
      'M1 up: statement 2 of 3 failed: Duplicate column',
      'Statement 1 was committed and stays in the database: MySQL does not roll back DDL. The migration is recorded as FAILED and further runs are refused until it is resolved:',
      '  - undo what it did by hand, then: npm run db -- resolve M1 --rolled-back   (it will run again)',
      '  - or complete it by hand, then:   npm run db -- resolve M1 --applied',
    ]);
  });

  it('advises stamp when the first statement creates what is already there', () => {
    const text = explain(
      new MigrationFailedError('M1', 'up', 1, 2, 'create table `t` (…)', "Table 't' already exists"),
    );
    expect(text).toContain('npm run db -- stamp M1');
    expect(text).not.toContain('undo what it did by hand');
    const later = explain(
      new MigrationFailedError('M1', 'up', 2, 2, 'alter table `t` add `x` int', "Duplicate column name 'x'"),
    );
    expect(later).toContain('resolve M1 --rolled-back');
  });

  it('lists blocking problems one per line with their fixes', () => {
    const text = explain(
      new MigrationBlockedError('up', [
        { kind: 'missing-file', name: 'M0', newerRelease: false },
        { kind: 'out-of-order', name: 'M1', head: 'M2' },
      ]),
    );
    expect(text).toMatch(/^refusing to migrate up:\n {2}- migration M0 is recorded as applied but its file is missing/);
    // Unlogging an applied migration would leave its change recorded nowhere: never advised.
    expect(text).not.toContain('unlog');
    expect(text).toContain("git log --all --oneline -- 'migrations/M0.*'");
    expect(text).toContain('npm run db -- rename M1');
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

  it('gives up on a lock with the blockers, whether anything ran, and the ways out', () => {
    const blocker = {
      connectionId: 1391,
      user: 'report',
      host: '10.0.0.7:52144',
      transactionSeconds: 312,
      state: 'Sleep',
      statement: null,
      source: 'open-transaction' as const,
    };
    const pending = explain(
      new DdlLockTimeoutError('M2', 1, 1, 'alter table `cookings` add `n` int', 6, 4_120, [blocker]),
    );
    expect(pending.split('\n')).toEqual([
      "gave up on M2 statement 1 of 1 after 6 attempt(s) in 4.1 s: its table's metadata lock stayed taken",
      '  alter table `cookings` add `n` int',
      'Blocked by:',
      '  - connection 1391 (report@10.0.0.7:52144), transaction open 312 s, Sleep, idle [open transaction]',
      'Nothing of it ran: it is still pending.',
      'Ways out:',
      '  - end that transaction (commit or roll back in the client that holds it, or KILL 1391), then rerun `npm run db -- up`',
      '  - or `npm run db -- up --kill-blockers`: ends the connections that block each statement (in production also --force)',
      '  - or give it more time: MIGRATION_DDL_RETRY_FOR (seconds, default 300)',
    ]);
    const blocked = explain(new DdlLockTimeoutError('M3', 2, 3, 'alter table t add x int', 3, 2_000, []));
    expect(blocked).toContain('none found any more');
    expect(blocked).toContain(
      'Statement 1 is applied; the migration is recorded as BLOCKED at statement 2, and `npm run db -- up` resumes it there.',
    );
  });
});

describe('explain, the kinds beyond a plain failure', () => {
  const at = { migration: 'M5', statement: 1, statements: 1 };

  it('an online copy that stopped before the swap: nothing left behind, resolve as rolled back', () => {
    const text = explain(
      new OnlineChangeFailedError(
        at,
        'alter table `r` modify `n` bigint',
        'pt-online-schema-change was killed (SIGKILL); r is unchanged',
        false,
      ),
    );
    expect(text).toContain(
      'M5 up: statement 1 of 1 failed: pt-online-schema-change was killed (SIGKILL); r is unchanged',
    );
    expect(text).toContain('npm run db -- resolve M5 --rolled-back');
    expect(text).not.toContain('--applied');
  });

  it('an online copy that stopped after the swap: the change is in place, resolve as applied', () => {
    const error = new OnlineChangeFailedError(
      at,
      'alter table `r` modify `n` bigint',
      'the tables were already swapped',
      true,
    );
    expect(error.swapped).toBe(true);
    expect(explain(error)).toContain(
      'The change is in place: check the table, drop the old copy it names, then: npm run db -- resolve M5 --applied',
    );
  });

  it('names the grant a scratch database needs for its purpose', () => {
    expect(explain(new ScratchDatabaseError('shop_plan_ab12', 'shop', 'denied', 'plan'))).toBe(
      'cannot create the scratch database shop_plan_ab12 to plan the pending statements (denied); grant the user CREATE and DROP on `shop\\_plan\\_%`.*',
    );
    expect(explain(new ScratchDatabaseError('shop_drift_ab12', 'shop', 'denied', 'drift'))).toContain(
      'to replay the migrations (denied); grant the user CREATE and DROP on `shop\\_drift\\_%`.*',
    );
  });

  it('words every command for where it will be pasted', () => {
    const text = explain(
      new UnknownMigrationError('nope', []),
      'docker compose run --rm migrate node dist/src/db-cli/main.js',
    );
    expect(text).toContain('(see `docker compose run --rm migrate node dist/src/db-cli/main.js history`)');
  });

  it('leaves errors that are not the engine’s as they are', () => {
    expect(explain(new Error('plain'))).toBe('plain');
  });
});
