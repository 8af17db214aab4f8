import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One row per running API process that writes cookings: the promise that every name it wrote
 * before `covered_before` has its search grams. A process that stops beating (it crashed) leaves
 * its row behind; another process then re-indexes the rows written since (name-index-leases.ts).
 */
@Entity({ tableName: 'cooking_name_index_leases', comment: '料理名検索索引の書き込み担当 (プロセスごと)' })
export class NameIndexLease {
  @PrimaryKey({ type: 'string', length: 64, comment: 'プロセス' })
  owner!: string;

  @Property({ type: 'datetime', columnType: 'datetime', comment: 'この時刻 (UTC) より前の書き込みは索引済み' })
  coveredBefore!: Date;

  @Property({ type: 'datetime', columnType: 'datetime', comment: '最後の生存通知 (サーバー時刻)' })
  beatAt!: Date;
}
