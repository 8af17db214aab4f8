import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { wholeSecondNow } from '../common/clock.js';

@Entity({ tableName: 'ingredients', comment: '材料' })
export class Ingredient {
  @PrimaryKey({ type: 'integer', unsigned: false, autoincrement: true })
  id!: number;

  @Unique({ name: 'ingredients_name_unique' })
  @Property({ type: 'string', length: 100, comment: '材料名' })
  name!: string;

  @Property({
    type: 'datetime',
    columnType: 'datetime',
    defaultRaw: 'current_timestamp()',
    onCreate: () => wholeSecondNow(),
    comment: '作成日時',
  })
  createdAt!: Date;

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

/** An ingredient as read for a response: its columns as plain values. */
export type IngredientRecord = Pick<Ingredient, 'id' | 'name' | 'createdAt' | 'updatedAt'>;
