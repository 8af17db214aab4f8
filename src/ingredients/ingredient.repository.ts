import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { retryDeadlocks } from '../db/deadlock-retry.js';
import { KeysetPages, type Condition, type PageRequest, type PageRows } from '../db/keyset-pages.js';
import { CookingIngredient } from './cooking-ingredient.entity.js';
import { Ingredient, type IngredientRecord } from './ingredient.entity.js';

/**
 * The queries of the ingredients table. Writes are single native statements and reads return
 * plain records without tracking them, so nothing lingers in the request's EntityManager; a write
 * InnoDB picks as a deadlock's victim runs again (db/deadlock-retry.ts). A
 * duplicate name surfaces as MikroORM's UniqueConstraintViolationException.
 */
@Injectable()
export class IngredientRepository {
  private static readonly pages = new KeysetPages(Ingredient);

  constructor(private readonly em: EntityManager) {}

  async insert(values: Omit<IngredientRecord, 'id'>): Promise<IngredientRecord> {
    return { id: await retryDeadlocks(() => this.em.insert(Ingredient, values)), ...values };
  }

  findById(id: number): Promise<IngredientRecord | null> {
    return this.em.findOne(Ingredient, id, { disableIdentityMap: true });
  }

  /** One page in id order (after a cursor, or at an offset), counted only when asked. */
  async page(nameLike: string | undefined, request: PageRequest): Promise<PageRows<IngredientRecord>> {
    const filter: Record<string, Condition> = nameLike === undefined ? {} : { name: { like: nameLike } };
    return (await IngredientRepository.pages.page(this.em, filter, request)) as PageRows<IngredientRecord>;
  }

  /**
   * Whether a row has that id. Only the name is written: the column's ON UPDATE moves
   * updated_at when the name really changes, and leaves it when a PATCH repeats it.
   */
  async rename(id: number, name: string): Promise<boolean> {
    return retryDeadlocks(async () => (await this.em.nativeUpdate(Ingredient, { id }, { name })) > 0);
  }

  async delete(id: number): Promise<boolean> {
    return retryDeadlocks(async () => (await this.em.nativeDelete(Ingredient, { id })) > 0);
  }

  /** Ids of the cookings whose lists hold the ingredient, in order. */
  async cookingsUsing(id: number): Promise<number[]> {
    const uses = await this.em.find(
      CookingIngredient,
      { ingredient: id },
      { fields: ['cooking'], orderBy: { cooking: 'asc' }, disableIdentityMap: true },
    );
    return uses.map((use) => use.cooking.id);
  }
}
