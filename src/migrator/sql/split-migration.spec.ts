import { splitBreaking } from './split-migration.js';

describe('splitBreaking', () => {
  it('is undefined when nothing breaks the running release', () => {
    expect(
      splitBreaking({ up: ['alter table `t` add `a` int null'], down: ['alter table `t` drop column `a`'] }),
    ).toBeUndefined();
  });

  it('splits one ALTER by its clauses, each down() clause going with the part it reverts', () => {
    const parts = splitBreaking({
      up: ['alter table `t` drop column `old`, add `new` int null'],
      down: ['alter table `t` add `old` varchar(10) null, drop column `new`'],
    });
    expect(parts).toEqual({
      expand: { up: ['alter table `t` add `new` int null;'], down: ['alter table `t` drop column `new`;'] },
      contract: { up: ['alter table `t` drop column `old`;'], down: ['alter table `t` add `old` varchar(10) null;'] },
    });
  });

  it('puts a dropped table and its re-creation in the contract part, a new table in the expand part', () => {
    const parts = splitBreaking({
      up: ['create table `n` (`id` int not null primary key)', 'drop table if exists `gone`'],
      down: ['create table `gone` (`id` int not null primary key)', 'drop table if exists `n`'],
    });
    expect(parts).toEqual({
      expand: { up: ['create table `n` (`id` int not null primary key)'], down: ['drop table if exists `n`'] },
      contract: {
        up: ['drop table if exists `gone`'],
        down: ['create table `gone` (`id` int not null primary key)'],
      },
    });
  });
});
