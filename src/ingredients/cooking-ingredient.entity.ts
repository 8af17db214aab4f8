import { Entity, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Cooking } from '../cooking/cooking.entity.js';
import { Ingredient } from './ingredient.entity.js';

/**
 * One ingredient of one cooking, with its quantity. It lives in the ingredients feature so the
 * cooking feature stays unaware of it: deleting a cooking removes its rows (ON DELETE CASCADE),
 * while an ingredient still in use cannot be deleted (ON DELETE RESTRICT).
 */
@Entity({ tableName: 'cooking_ingredients', comment: '料理の材料' })
export class CookingIngredient {
  @ManyToOne(() => Cooking, { primary: true, deleteRule: 'cascade', updateRule: 'cascade' })
  cooking!: Cooking;

  @ManyToOne(() => Ingredient, { primary: true, deleteRule: 'restrict', updateRule: 'cascade' })
  ingredient!: Ingredient;

  @Property({ type: 'string', length: 50, comment: '分量' })
  quantity!: string;

  @Property({ type: 'integer', unsigned: false, comment: '表示順' })
  position!: number;
}
