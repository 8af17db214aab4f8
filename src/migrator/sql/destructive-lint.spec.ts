import { lintMigration } from './destructive-lint.js';
import type { DestructiveRule } from '../types.js';

const rules = (up: string[], down: string[] = []): [DestructiveRule, number][] =>
  lintMigration(up, down).map((finding) => [finding.rule, finding.statement]);

describe('destructive-change lint', () => {
  it('passes additive migrations', () => {
    expect(
      rules([
        'create table `t` (`id` int not null auto_increment primary key, `a` varchar(10) not null);',
        'alter table `t` add index `t_a_index` (`a`);',
        'alter table `cookings` add `rating` int null;',
        "alter table `cookings` add `kind` varchar(20) not null default 'main';",
        'alter table `cookings` add `serial` int not null auto_increment;',
      ]),
    ).toEqual([]);
  });

  it('drop-table: DROP TABLE, with or without IF EXISTS', () => {
    expect(rules(['select 1;', 'drop table if exists `cookings`;', 'drop table `a`, `b`;'])).toEqual([
      ['drop-table', 2],
      ['drop-table', 3],
    ]);
  });

  it('drop-column: ALTER TABLE … DROP [COLUMN], one finding per column', () => {
    expect(rules(['alter table `cookings` drop column `description`, drop `category`;'])).toEqual([
      ['drop-column', 1],
      ['drop-column', 1],
    ]);
    expect(rules(['alter table `c` drop foreign key `c_fk`;', 'alter table `c` drop index `c_a_index`;'])).toEqual([]);
  });

  it('narrowing-type-change: a narrower varchar or int, as told by down()', () => {
    expect(
      rules(
        ['alter table `cookings` modify `name` varchar(100) not null;'],
        ['alter table `cookings` modify `name` varchar(255) not null;'],
      ),
    ).toEqual([['narrowing-type-change', 1]]);
    expect(rules(['alter table `t` modify `n` smallint null;'], ['alter table `t` modify `n` int null;'])).toEqual([
      ['narrowing-type-change', 1],
    ]);
    expect(rules(['alter table `t` modify `n` int unsigned null;'], ['alter table `t` modify `n` int null;'])).toEqual([
      ['narrowing-type-change', 1],
    ]);
    expect(
      rules(['alter table `t` modify `p` decimal(8,2) null;'], ['alter table `t` modify `p` decimal(10,2) null;']),
    ).toEqual([['narrowing-type-change', 1]]);
    expect(rules(['alter table `t` modify `d` text null;'], ['alter table `t` modify `d` mediumtext null;'])).toEqual([
      ['narrowing-type-change', 1],
    ]);
    expect(rules(['alter table `t` modify `x` int null;'], ['alter table `t` modify `x` varchar(20) null;'])).toEqual([
      ['narrowing-type-change', 1],
    ]);
  });

  it('narrowing-type-change: widening is fine; an unknown previous type is reported', () => {
    expect(
      rules(
        ['alter table `t` modify `name` varchar(500) not null;', 'alter table `t` modify `n` bigint null;'],
        ['alter table `t` modify `name` varchar(255) not null;', 'alter table `t` modify `n` int null;'],
      ),
    ).toEqual([]);
    expect(rules(['alter table `t` modify `name` varchar(500) not null;'])).toEqual([['narrowing-type-change', 1]]);
    expect(
      rules(
        ['alter table `t` change `old` `new` varchar(10) null;'],
        ['alter table `t` change `new` `old` varchar(20) null;'],
      ),
    ).toEqual([['narrowing-type-change', 1]]);
  });

  it('a rename (CHANGE old new) is judged against the old column, as down() restores it', () => {
    const rename = lintMigration(
      ['alter table `users` change `display_name` `nickname` varchar(255) not null'],
      ['alter table `users` change `nickname` `display_name` varchar(255) not null'],
    );
    expect(rename).toEqual([]);
    const narrowingRename = lintMigration(
      ['alter table `users` change `display_name` `nickname` varchar(50) not null'],
      ['alter table `users` change `nickname` `display_name` varchar(255) not null'],
    );
    expect(narrowingRename.map((finding) => finding.rule)).toEqual(['narrowing-type-change']);
    expect(narrowingRename[0].message).toContain('column nickname: narrower text (varchar(255) → varchar(50))');
  });

  it('drop-column beside an add on the same table says it may be a rename, and how to keep the values', () => {
    const [finding, ...rest] = lintMigration(
      ['alter table `users` drop column `display_name`', 'alter table `users` add `nickname` varchar(100) null'],
      ['alter table `users` drop column `nickname`', 'alter table `users` add `display_name` varchar(255) null'],
    );
    expect(rest).toEqual([]);
    expect(finding.rule).toBe('drop-column');
    expect(finding.message).toBe(
      'table users: DROP COLUMN display_name deletes the column and its values; it also adds nickname: if this is a ' +
        'rename, write `alter table `users` change `display_name` `nickname` <new definition>` instead, which keeps the ' +
        'values (MikroORM writes a rename with a type change as drop + add)',
    );
  });

  it('not-null-without-default: a new NOT NULL column without default, or a nullable column made NOT NULL', () => {
    expect(rules(['alter table `cookings` add `rating` int not null;'])).toEqual([['not-null-without-default', 1]]);
    expect(
      rules(['alter table `t` modify `c` varchar(10) not null;'], ['alter table `t` modify `c` varchar(10) null;']),
    ).toEqual([['not-null-without-default', 1]]);
  });

  it('does not flag changes to a table created in the same migration', () => {
    expect(
      rules([
        'create table `fresh` (`id` int);',
        'alter table `fresh` add `x` int not null;',
        'alter table `fresh` drop `x`;',
      ]),
    ).toEqual([]);
  });

  it('drop-unique-index: a unique index (from down(), by name, or the primary key)', () => {
    expect(rules(['alter table `i` drop index `i_code`;'], ['alter table `i` add unique `i_code` (`code`);'])).toEqual([
      ['drop-unique-index', 1],
    ]);
    expect(rules(['alter table `i` drop index `ingredients_name_unique`;'])).toEqual([['drop-unique-index', 1]]);
    expect(rules(['drop index `i_code` on `i`;'], ['create unique index `i_code` on `i` (`code`);'])).toEqual([
      ['drop-unique-index', 1],
    ]);
    expect(rules(['alter table `i` drop primary key;'])).toEqual([['drop-unique-index', 1]]);
    expect(rules(['alter table `i` drop index `i_plain_index`;'])).toEqual([]);
  });

  it('truncate and drop-database', () => {
    expect(rules(['truncate table `cookings`;', 'drop database `x`;'])).toEqual([
      ['truncate', 1],
      ['drop-database', 2],
    ]);
  });

  it('explains each finding in words', () => {
    const [finding] = lintMigration(['alter table `cookings` drop column `description`;'], []);
    expect(finding.message).toBe('table cookings: DROP COLUMN description deletes the column and its values');
  });
});
