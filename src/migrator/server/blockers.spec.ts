import { findBlockers, LockInfoPlugin, toBlocker } from './blockers.js';
import { tableOfDdl } from '../sql/sql-clauses.js';

describe('tableOfDdl', () => {
  it.each([
    ['alter table `cookings` add `note` varchar(10) null', 'cookings'],
    ['ALTER TABLE life.cookings ADD COLUMN x INT', 'cookings'],
    ['create index `cookings_name_index` on `cookings` (`name`)', 'cookings'],
    ['create unique index u on ingredients (name)', 'ingredients'],
    ['drop index `i` on `cookings`', 'cookings'],
    ['drop table if exists `cooking_ingredients`', 'cooking_ingredients'],
    ['truncate table `cookings`', 'cookings'],
    ['rename table `a` to `b`', 'a'],
  ])('%s → %s', (sql, table) => {
    expect(tableOfDdl(sql)).toBe(table);
  });

  it('names no table for statements that lock none already there', () => {
    expect(tableOfDdl('create table `new_one` (`id` int)')).toBeUndefined();
    expect(tableOfDdl("insert into `cookings` (`name`) values ('x')")).toBeUndefined();
  });
});

describe('toBlocker', () => {
  it('reads a PROCESSLIST row joined with its transaction', () => {
    expect(
      toBlocker(
        { id: '17', user: 'app', host: '10.0.0.5:4432', command: 'Sleep', state: '', info: null, trx_seconds: '32' },
        'open-transaction',
      ),
    ).toEqual({
      connectionId: 17,
      user: 'app',
      host: '10.0.0.5:4432',
      transactionSeconds: 32,
      state: 'Sleep',
      statement: null,
      source: 'open-transaction',
    });
    expect(
      toBlocker(
        { id: 3, user: null, host: null, command: 'Query', state: 'Sending data', info: 'select 1', trx_seconds: null },
        'metadata-lock',
      ),
    ).toMatchObject({ transactionSeconds: null, state: 'Query: Sending data', statement: 'select 1', user: '' });
  });
});

describe('findBlockers without a metadata-lock table', () => {
  const row = (id: number, info: string | null) => ({
    id,
    user: 'app',
    host: 'h',
    command: info ? 'Query' : 'Sleep',
    state: '',
    info,
    trx_seconds: 5,
  });
  /** A MariaDB whose performance_schema is off and which has no METADATA_LOCK_INFO. */
  function server(options: { installs: boolean; holders?: number[] }) {
    const statements: string[] = [];
    let installed = false;
    const query = <T>(sql: string): Promise<T[]> => {
      statements.push(sql);
      if (sql.startsWith('select t.PROCESSLIST_ID')) {
        return Promise.resolve([]);
      }
      if (sql.includes('METADATA_LOCK_INFO')) {
        return installed
          ? Promise.resolve((options.holders ?? []).map((id) => ({ id })) as T[])
          : Promise.reject(Object.assign(new Error("Unknown table 'METADATA_LOCK_INFO'"), { errno: 1109 }));
      }
      if (sql.startsWith('select version()')) {
        return Promise.resolve([{ version: '10.11.19-MariaDB' }] as T[]);
      }
      if (sql.startsWith('install soname')) {
        installed = options.installs;
        return options.installs ? Promise.resolve([]) : Promise.reject(new Error('INSERT command denied'));
      }
      if (sql.includes('INNODB_LOCKS')) {
        return Promise.resolve([{ id: 12 }] as T[]);
      }
      if (sql.includes('where p.ID in')) {
        return Promise.resolve([row(11, null)] as T[]);
      }
      return Promise.resolve([row(11, null), row(12, null), row(13, 'select * from `cookings` where id = 1')] as T[]);
    };
    return { query, statements };
  }

  it('narrows the open transactions to those touching the table, and reports the plugin refused', async () => {
    const outcomes: unknown[] = [];
    const { query } = server({ installs: false });
    const blockers = await findBlockers(query, 'cookings', 5, new LockInfoPlugin((outcome) => outcomes.push(outcome)));
    expect(blockers.map((blocker) => [blocker.connectionId, blocker.source])).toEqual([
      [11, 'open-transaction'],
      // InnoDB locks on the table, and a running statement that names it.
      [12, 'table-activity'],
      [13, 'table-activity'],
    ]);
    expect(outcomes).toEqual([{ installed: false, detail: 'INSERT command denied' }]);
  });

  it('installs the plugin once when it may, and then names the holders', async () => {
    const outcomes: unknown[] = [];
    const { query, statements } = server({ installs: true, holders: [11] });
    const plugin = new LockInfoPlugin((outcome) => outcomes.push(outcome));
    expect((await findBlockers(query, 'cookings', 5, plugin)).map((blocker) => blocker.source)).toEqual([
      'metadata-lock',
    ]);
    await findBlockers(query, 'cookings', 5, plugin);
    expect(statements.filter((sql) => sql.startsWith('install soname'))).toHaveLength(1);
    expect(outcomes).toEqual([{ installed: true, detail: "INSTALL SONAME 'metadata_lock_info'" }]);
  });

  it('installs nothing unless asked (no --kill-blockers)', async () => {
    const { query, statements } = server({ installs: true });
    expect((await findBlockers(query, 'cookings')).map((blocker) => blocker.connectionId)).toEqual([11, 12, 13]);
    expect(statements.some((sql) => sql.startsWith('install soname'))).toBe(false);
  });
});
