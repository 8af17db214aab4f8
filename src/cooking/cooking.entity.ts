import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { CreatedAtColumn, UpdatedAtColumn } from '../db/timestamp-columns.js';

// The table layout is fixed by the product spec; see docs/api.md, "The cookings table".
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

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** A cooking as read for a response: its columns as plain values, not a tracked entity. */
export type CookingRecord = Pick<Cooking, 'id' | 'name' | 'category' | 'description' | 'createdAt' | 'updatedAt'>;
