import {
  parseAlterTable,
  parseColumnDefinition,
  splitTopLevel,
  tableOfCreate,
  tableOfDdl,
  unquote,
} from './sql-clauses.js';

describe('splitTopLevel', () => {
  it('splits on commas outside parentheses and quotes', () => {
    expect(splitTopLevel("add `a` decimal(10, 2) null, add `b` varchar(5) default 'x,y', drop `c`")).toEqual([
      'add `a` decimal(10, 2) null',
      "add `b` varchar(5) default 'x,y'",
      'drop `c`',
    ]);
    expect(splitTopLevel('add index `i` (`a`, `b`)')).toEqual(['add index `i` (`a`, `b`)']);
    expect(splitTopLevel('')).toEqual([]);
  });
});

describe('parseAlterTable', () => {
  it('reads the table (schema-qualified or not) and its clauses', () => {
    expect(parseAlterTable('alter table `cookings` add `note` int null, drop column `old`;')).toEqual({
      table: 'cookings',
      clauses: ['add `note` int null', 'drop column `old`'],
    });
    expect(parseAlterTable('ALTER TABLE shop.`items` MODIFY `n` bigint')).toEqual({
      table: 'items',
      clauses: ['MODIFY `n` bigint'],
    });
  });

  it('is undefined for anything else', () => {
    expect(parseAlterTable('create table `t` (`id` int)')).toBeUndefined();
    expect(parseAlterTable('alter view `v` as select 1')).toBeUndefined();
  });
});

describe('parseColumnDefinition', () => {
  it('reads type, length, scale and the flags that matter to lint and checks', () => {
    expect(parseColumnDefinition("`name` varchar(100) not null default 'x'")).toEqual({
      column: 'name',
      type: 'varchar',
      length: 100,
      scale: undefined,
      unsigned: false,
      notNull: true,
      hasDefault: true,
      autoIncrement: false,
    });
    expect(parseColumnDefinition('price DECIMAL(10, 2) unsigned null')).toMatchObject({
      column: 'price',
      type: 'decimal',
      length: 10,
      scale: 2,
      unsigned: true,
      notNull: false,
    });
    expect(parseColumnDefinition('`id` int not null auto_increment')).toMatchObject({ autoIncrement: true });
  });

  it('is undefined when there is no type', () => {
    expect(parseColumnDefinition('`lonely`')).toBeUndefined();
  });
});

describe('table names', () => {
  it('of CREATE TABLE, with or without IF NOT EXISTS', () => {
    expect(tableOfCreate('create table if not exists `notes` (`id` int)')).toBe('notes');
    expect(tableOfCreate('alter table `notes` add `x` int')).toBeUndefined();
  });

  it('of the DDL that takes a metadata lock on an existing table', () => {
    expect(tableOfDdl('alter table `a` add `x` int')).toBe('a');
    expect(tableOfDdl('ALTER ONLINE TABLE db.`b` add `x` int')).toBe('b');
    expect(tableOfDdl('create unique index `i` on `c` (`x`)')).toBe('c');
    expect(tableOfDdl('drop index `i` on `d`')).toBe('d');
    expect(tableOfDdl('drop table if exists `e`')).toBe('e');
    expect(tableOfDdl('truncate table `f`')).toBe('f');
    expect(tableOfDdl('rename table `g` to `h`')).toBe('g');
    expect(tableOfDdl('create table `new` (`id` int)')).toBeUndefined();
    expect(tableOfDdl('insert into `t` values (1)')).toBeUndefined();
  });

  it('unquotes backticks and double quotes', () => {
    expect([unquote('`a`'), unquote('"b"'), unquote('c')]).toEqual(['a', 'b', 'c']);
  });
});
