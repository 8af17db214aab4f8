import { Migration } from '@mikro-orm/migrations';

export class Migration20261125222719 extends Migration {
  override name = 'Migration20261125222719';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`cooking_name_grams\` (\`gram\` varchar(2) not null comment '1〜2文字', \`cooking_id\` int not null, primary key (\`gram\`, \`cooking_id\`)) default character set utf8mb4 engine = InnoDB comment = '料理名の検索索引 (1〜2文字)';`,
    );
    this.addSql(
      `alter table \`cooking_name_grams\` add index \`cooking_name_grams_cooking_id_index\` (\`cooking_id\`);`,
    );

    this.addSql(
      `alter table \`cooking_name_grams\` add constraint \`cooking_name_grams_cooking_id_foreign\` foreign key (\`cooking_id\`) references \`cookings\` (\`id\`) on update cascade on delete cascade;`,
    );
    // Back-fill the index from the names already stored: each character and each adjacent pair.
    // Positions come from a digits cross join (not a recursive CTE) so the statement reads the
    // same on MySQL 8 and MariaDB; a pair equal to another under the collation is stored once.
    this.addSql(
      `insert into \`cooking_name_grams\` (\`gram\`, \`cooking_id\`) select \`gram\`, \`cooking_id\` from (select substring(c.\`name\`, p.n, 1) as \`gram\`, c.\`id\` as \`cooking_id\` from \`cookings\` c join (select a.d + 10 * b.d + 100 * h.d + 1 as n from (select 0 d union all select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9) a cross join (select 0 d union all select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9) b cross join (select 0 d union all select 1 union all select 2) h) p on p.n <= char_length(c.\`name\`) union all select substring(c.\`name\`, p.n, 2), c.\`id\` from \`cookings\` c join (select a.d + 10 * b.d + 100 * h.d + 1 as n from (select 0 d union all select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9) a cross join (select 0 d union all select 1 union all select 2 union all select 3 union all select 4 union all select 5 union all select 6 union all select 7 union all select 8 union all select 9) b cross join (select 0 d union all select 1 union all select 2) h) p on p.n < char_length(c.\`name\`)) as \`grams\` on duplicate key update \`gram\` = \`cooking_name_grams\`.\`gram\`;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`cooking_name_grams\`;`);
  }
}
