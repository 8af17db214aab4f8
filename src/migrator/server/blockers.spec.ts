import { toBlocker } from './blockers.js';
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
