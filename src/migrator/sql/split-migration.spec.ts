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

  it('rewrites a column rename as add + sync triggers + backfill (expand) and drop of the old column (contract)', () => {
    const parts = splitBreaking({
      up: ["alter table `t` change `description` `notes` text null comment 'x';"],
      down: ["alter table `t` change `notes` `description` text null comment 'x';"],
    })!;
    expect(parts.expand.up).toEqual([
      "alter table `t` add `notes` text null comment 'x';",
      expect.stringMatching(
        /^create trigger `t_notes_sync_insert` before insert on `t` for each row set new\.`notes` = coalesce/,
      ),
      expect.stringMatching(
        /^create trigger `t_notes_sync_update` before update on `t` for each row begin if not \(new\.`description` <=> old\.`description`\)/,
      ),
      'update `t` set `notes` = `description` where not (`notes` <=> `description`);',
    ]);
    expect(parts.expand.down).toEqual([
      'drop trigger if exists `t_notes_sync_update`;',
      'drop trigger if exists `t_notes_sync_insert`;',
      'alter table `t` drop column `notes`;',
    ]);
    expect(parts.contract.up).toEqual([
      'drop trigger if exists `t_notes_sync_update`;',
      'drop trigger if exists `t_notes_sync_insert`;',
      'alter table `t` drop column `description`;',
    ]);
    // Its down() brings the old column back, filled and kept in step again; the generated reverse rename is gone.
    // The drop loses nothing (the values are in notes): the split says so, for the contract's allowDestructive.
    expect(parts.keeps).toBe('t.description was renamed to notes; its values are there (db split)');
    expect(parts.contract.down[0]).toBe("alter table `t` add `description` text null comment 'x';");
    expect(parts.contract.down.join('\n')).not.toContain('change');
    expect(parts.contract.down).toContain(
      'update `t` set `description` = `notes` where not (`description` <=> `notes`);',
    );
  });

  it('adds a NOT NULL renamed column nullable while the old release runs, and tightens it in the contract part', () => {
    const parts = splitBreaking({
      up: ['alter table `t` change `a` `b` int not null'],
      down: ['alter table `t` change `b` `a` int not null'],
    })!;
    // The old column too: the new release no longer writes it.
    expect(parts.expand.up.slice(0, 2)).toEqual([
      'alter table `t` modify `a` int null;',
      'alter table `t` add `b` int null;',
    ]);
    expect(parts.contract.up).toContain('alter table `t` modify `b` int not null;');
  });

  it('makes a dropped NOT NULL column without a default nullable first, so the next release can insert without it', () => {
    const parts = splitBreaking({
      up: ['alter table `t` drop column `servings`'],
      down: ['alter table `t` add `servings` int not null'],
    });
    expect(parts).toEqual({
      expand: {
        up: ['alter table `t` modify `servings` int null;'],
        down: ['alter table `t` modify `servings` int not null;'],
      },
      contract: {
        up: ['alter table `t` drop column `servings`;'],
        down: ['alter table `t` add `servings` int not null;'],
      },
    });
  });
});
