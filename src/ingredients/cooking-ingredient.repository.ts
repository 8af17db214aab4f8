import { Injectable } from '@nestjs/common';
import { retryDeadlocks } from '../db/deadlock-retry.js';
import { EntityManager } from '@mikro-orm/core';
import { Cooking } from '../cooking/cooking.entity.js';
import { CookingIngredient } from './cooking-ingredient.entity.js';
import { Ingredient } from './ingredient.entity.js';

/** One line of a cooking's ingredient list, as it is answered. */
export interface IngredientLine {
  ingredientId: number;
  name: string;
  quantity: string;
}

export interface NewLine {
  ingredientId: number;
  quantity: string;
}

/** The queries of cooking_ingredients; `transaction` runs several of them atomically. */
@Injectable()
export class CookingIngredientRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Runs work on a repository bound to one transaction: it commits when work resolves, and runs
   * again whole when InnoDB picks it as a deadlock's victim (db/deadlock-retry.ts).
   */
  transaction<T>(work: (repository: CookingIngredientRepository) => Promise<T>): Promise<T> {
    return retryDeadlocks(() => this.em.transactional((em) => work(new CookingIngredientRepository(em))));
  }

  async cookingExists(id: number): Promise<boolean> {
    return (await this.em.count(Cooking, { id })) > 0;
  }

  /** Which of these ingredient ids exist. */
  async existingIngredients(ids: number[]): Promise<Set<number>> {
    const found = await this.em.find(Ingredient, { id: { $in: ids } }, { fields: ['id'], disableIdentityMap: true });
    return new Set(found.map((ingredient) => ingredient.id));
  }

  async lines(cookingId: number): Promise<IngredientLine[]> {
    const links = await this.em.find(
      CookingIngredient,
      { cooking: cookingId },
      { populate: ['ingredient'], orderBy: { position: 'asc' }, disableIdentityMap: true },
    );
    return links.map((link) => ({
      ingredientId: link.ingredient.id,
      name: link.ingredient.name,
      quantity: link.quantity,
    }));
  }

  /** Replaces the list: the old rows go, the new ones come in their order. */
  async replaceLines(cookingId: number, lines: NewLine[]): Promise<void> {
    await this.em.nativeDelete(CookingIngredient, { cooking: cookingId });
    if (lines.length > 0) {
      await this.em.insertMany(
        CookingIngredient,
        lines.map((line, position) => ({
          cooking: cookingId,
          ingredient: line.ingredientId,
          quantity: line.quantity,
          position,
        })),
      );
    }
  }
}
