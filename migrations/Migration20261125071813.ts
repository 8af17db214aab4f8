import { Migration } from '@mikro-orm/migrations';

export class Migration20261125071813 extends Migration {
  override name = 'Migration20261125071813';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`ingredients\` (\`id\` int not null auto_increment primary key, \`name\` varchar(100) not null comment '材料名', \`created_at\` datetime not null default current_timestamp() comment '作成日時', \`updated_at\` datetime not null default current_timestamp() on update current_timestamp() comment '更新日時') default character set utf8mb4 engine = InnoDB comment = '材料';`,
    );
    this.addSql(`alter table \`ingredients\` add unique \`ingredients_name_unique\` (\`name\`);`);

    this.addSql(
      `create table \`cooking_ingredients\` (\`cooking_id\` int not null, \`ingredient_id\` int not null, \`quantity\` varchar(50) not null comment '分量', \`position\` int not null comment '表示順', primary key (\`cooking_id\`, \`ingredient_id\`)) default character set utf8mb4 engine = InnoDB comment = '料理の材料';`,
    );
    this.addSql(
      `alter table \`cooking_ingredients\` add index \`cooking_ingredients_cooking_id_index\` (\`cooking_id\`);`,
    );
    this.addSql(
      `alter table \`cooking_ingredients\` add index \`cooking_ingredients_ingredient_id_index\` (\`ingredient_id\`);`,
    );

    this.addSql(
      `alter table \`cooking_ingredients\` add constraint \`cooking_ingredients_cooking_id_foreign\` foreign key (\`cooking_id\`) references \`cookings\` (\`id\`) on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table \`cooking_ingredients\` add constraint \`cooking_ingredients_ingredient_id_foreign\` foreign key (\`ingredient_id\`) references \`ingredients\` (\`id\`) on update cascade on delete restrict;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`cooking_ingredients\` drop foreign key \`cooking_ingredients_ingredient_id_foreign\`;`);

    this.addSql(`drop table if exists \`ingredients\`;`);
    this.addSql(`drop table if exists \`cooking_ingredients\`;`);
  }
}
