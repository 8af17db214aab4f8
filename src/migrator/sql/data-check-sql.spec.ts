import { checksOfClause, type LiveTable } from './data-check-sql.js';

const people: LiveTable = {
  columns: new Map([
    ['email', { nullable: true, columnType: 'varchar(100)' }],
    ['nick', { nullable: true, columnType: 'varchar(50)' }],
    ['age', { nullable: false, columnType: 'int' }],
    ['team_id', { nullable: true, columnType: 'int' }],
  ]),
  primaryKey: ['id'],
};
const checks = (clause: string) => checksOfClause('db', 'people', clause, people);

describe('checksOfClause', () => {
  it('a UNIQUE key counts duplicated values, NULLs left out', () => {
    const [check] = checks('add unique `people_email_unique` (`email`)');
    expect(check).toMatchObject({ kind: 'unique', table: 'people', columns: ['email'] });
    expect(check.description).toBe('UNIQUE (email) on people: values held by more than one row');
    expect(check.countSql).toBe(
      'select count(*) as n from (select `email`, count(*) as copies from `db`.`people` where `email` is not null group by `email` having count(*) > 1) as duplicated',
    );
  });

  it('a primary key counts NULLs too', () => {
    const [check] = checks('add primary key (`email`, `nick`)');
    expect(check.description).toBe('PRIMARY KEY (email, nick) on people: values held by more than one row');
    expect(check.countSql).not.toContain('is not null');
  });

  it('NOT NULL counts NULLs, with the rows named by their primary key as examples', () => {
    const [check] = checks('modify `nick` varchar(50) not null');
    expect(check).toMatchObject({ kind: 'not-null', columns: ['nick'] });
    expect(check.countSql).toBe('select count(*) as n from `db`.`people` where `nick` is null');
    expect(check.examplesSql).toBe(
      "select concat_ws(', ', concat('id=', `id`)) as example from `db`.`people` where `nick` is null limit 3",
    );
  });

  it('narrowing counts values that would not fit: text length, integer range, decimal digits', () => {
    expect(checks('modify `email` varchar(20) null')[0].countSql).toBe(
      'select count(*) as n from `db`.`people` where char_length(`email`) > 20',
    );
    expect(checks('modify `age` tinyint unsigned not null')[0].countSql).toBe(
      'select count(*) as n from `db`.`people` where (`age` < 0 or `age` > 255)',
    );
    const [narrowing] = checks('change `age` `age` smallint not null');
    expect(narrowing.description).toBe('people.age int → smallint: rows whose value does not fit');
    // An example names the row and the value that does not fit, not the row's key alone.
    expect(narrowing.examplesSql).toBe(
      "select concat(concat_ws(', ', concat('id=', `id`)), ' holds ', quote(left(`age`, 40))) as example " +
        'from `db`.`people` where (`age` < -32768 or `age` > 32767) limit 3',
    );
  });

  it('a foreign key counts orphans against its parent', () => {
    const [check] = checks('add constraint `fk` foreign key (`team_id`) references `teams` (`id`) on delete cascade');
    expect(check.description).toBe('FOREIGN KEY people (team_id) → teams: rows whose parent is missing');
    expect(check.countSql).toBe(
      'select count(*) as n from `db`.`people` as c left join `db`.`teams` as p on c.`team_id` = p.`id` where c.`team_id` is not null and p.`id` is null',
    );
  });

  it('needs nothing for changes that cannot fail on data, or columns not there yet', () => {
    expect(checks('modify `email` varchar(200) null')).toEqual([]);
    expect(checks('add `fresh` int not null')).toEqual([]);
    expect(checks('modify `unknown` int not null')).toEqual([]);
    expect(checks('add index `i` (`email`)')).toEqual([]);
  });
});
