import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { wholeSecondNow } from '../common/clock.js';

// The table layout is fixed by the product spec; see README "The cookings table".
@Entity({ tableName: 'cookings', comment: '料理' })
export class Cooking {
  @PrimaryKey({ type: 'integer', unsigned: false, autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 255, comment: '料理名' })
  name!: string;

  @Index({ name: 'cookings_category_index' })
  @Property({ type: 'string', length: 100, nullable: true, comment: 'カテゴリ' })
  category: string | null = null;

  @Property({ type: 'text', nullable: true, comment: '説明' })
  description: string | null = null;

  @Property({
    type: 'datetime',
    columnType: 'datetime',
    defaultRaw: 'current_timestamp()',
    onCreate: () => wholeSecondNow(),
    comment: '作成日時',
  })
  createdAt!: Date;

  // `current_timestamp()` (with parentheses) is how MariaDB reads the clause back; MySQL reads it
  // back as `CURRENT_TIMESTAMP`, which the project's MySQL driver reads as this spelling
  // (db/mysql-driver.ts), so one migration compares clean on both servers.
  @Property({
    type: 'datetime',
    columnType: 'datetime',
    defaultRaw: 'current_timestamp()',
    extra: 'on update current_timestamp()',
    onCreate: () => wholeSecondNow(),
    onUpdate: () => wholeSecondNow(),
    comment: '更新日時',
  })
  updatedAt!: Date;
}

/** A cooking as read for a response: its columns as plain values, not a tracked entity. */
export type CookingRecord = Pick<Cooking, 'id' | 'name' | 'category' | 'description' | 'createdAt' | 'updatedAt'>;
