import { Migration } from '@mikro-orm/migrations';

export class Migration20261207173639 extends Migration {
  override name = 'Migration20261207173639';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`cooking_name_index_leases\` (\`owner\` varchar(64) not null comment 'プロセス', \`covered_before\` datetime not null comment 'この時刻 (UTC) より前の書き込みは索引済み', \`beat_at\` datetime not null comment '最後の生存通知 (サーバー時刻)', primary key (\`owner\`)) default character set utf8mb4 engine = InnoDB comment = '料理名検索索引の書き込み担当 (プロセスごと)';`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`cooking_name_index_leases\`;`);
  }
}
