import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { CreatedAtColumn, UpdatedAtColumn } from '../db/timestamp-columns.js';

@Entity({ tableName: 'ingredients', comment: '材料' })
export class Ingredient {
  @PrimaryKey({ type: 'integer', unsigned: false, autoincrement: true })
  id!: number;

  @Unique({ name: 'ingredients_name_unique' })
  @Property({ type: 'string', length: 100, comment: '材料名' })
  name!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** An ingredient as read for a response: its columns as plain values. */
export type IngredientRecord = Pick<Ingredient, 'id' | 'name' | 'createdAt' | 'updatedAt'>;
