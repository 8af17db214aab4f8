import { MikroORM } from '@mikro-orm/core';
import { AbstractSqlPlatform } from '@mikro-orm/sql';
import { MySqlDriver } from '@mikro-orm/mysql';
import { META_TABLE } from './migration-meta.js';
import { renderMigrationScript } from './offline-sql.js';

// An ORM that is never connected gives the dialect's platform, as the `sql` command's offline mode does.
const orm = new MikroORM({
  driver: MySqlDriver,
  dbName: 'offline_only',
  entities: [],
  discovery: { warnWhenNoEntities: false },
});
const platform = orm.em.getPlatform();
if (!(platform instanceof AbstractSqlPlatform)) {
  throw new Error('the MySQL driver has a SQL platform');
}

const migration = {
  name: 'Migration20260101000000',
  sql: {
    up: ['create table `t` (`id` int not null)', 'alter table `t` add `x` int null;'],
    down: ['drop table if exists `t`'],
    checksum: 'c'.repeat(64),
    phase: 'expand' as const,
    className: 'Migration20260101000000',
  },
};

const render = (direction: 'up' | 'down', migrations: (typeof migration)[], dialect = 'mysql') =>
  renderMigrationScript({
    direction,
    migrations,
    platform,
    trackingTable: 'mikro_orm_migrations',
    dialect,
    rangeLabel: direction === 'up' ? 'from base to head' : 'from head down to base',
  });

describe('renderMigrationScript', () => {
  it('up: tracking tables first, then each statement terminated, then its tracking rows', () => {
    const script = render('up', [migration]);
    const lines = script.split('\n');
    expect(lines[0]).toBe('-- life-platter-api migrations: up from base to head');
    expect(lines).toContain('set names utf8mb4;');
    expect(script).toMatch(/create table if not exists `mikro_orm_migrations`/);
    expect(script).toContain(`create table if not exists \`${META_TABLE}\``);
    expect(lines).toContain('-- migration Migration20260101000000 (up, 2 statements, phase expand)');
    expect(lines).toContain('create table `t` (`id` int not null);');
    expect(lines).toContain('alter table `t` add `x` int null;');
    expect(lines).toContain("insert into `mikro_orm_migrations` (`name`) values ('Migration20260101000000');");
    expect(script).toMatch(
      new RegExp(`insert into \`${META_TABLE}\` .*'Migration20260101000000', 'applied', '${'c'.repeat(64)}', 2,`),
    );
  });

  it('down: the down statements and the tracking rows removed; says when there is nothing to do', () => {
    const down = render('down', [migration], 'mariadb');
    expect(down.split('\n')[0]).toBe('-- life-platter-api migrations: down from head down to base');
    expect(down).not.toContain('create table if not exists');
    expect(down).toContain('drop table if exists `t`;');
    expect(down).toContain("delete from `mikro_orm_migrations` where `name` = 'Migration20260101000000';");
    expect(down).toContain(`delete from \`${META_TABLE}\` where \`name\` = 'Migration20260101000000';`);
    expect(render('down', [])).toContain('-- nothing to do in this range');
  });
});
