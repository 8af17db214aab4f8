import { Migration } from '@mikro-orm/migrations';

export class Migration20261125065837 extends Migration {
  override name = 'Migration20261125065837';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`cookings\` (\`id\` int not null auto_increment primary key, \`name\` varchar(255) not null comment '料理名', \`category\` varchar(100) null comment 'カテゴリ', \`description\` text null comment '説明', \`created_at\` datetime not null default current_timestamp() comment '作成日時', \`updated_at\` datetime not null default current_timestamp() on update current_timestamp() comment '更新日時') default character set utf8mb4 engine = InnoDB comment = '料理';`,
    );
    this.addSql(`alter table \`cookings\` add index \`cookings_category_index\` (\`category\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`cookings\`;`);
  }
}
