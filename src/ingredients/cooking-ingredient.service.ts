import { BadRequestException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { Cooking } from '../cooking/cooking.entity.js';
import { CookingIngredient } from './cooking-ingredient.entity.js';
import type { CookingIngredientItemDto } from './dto/replace-cooking-ingredients.dto.js';
import { Ingredient } from './ingredient.entity.js';

@Injectable()
export class CookingIngredientService {
  constructor(private readonly em: EntityManager) {}

  async list(cookingId: number): Promise<CookingIngredient[]> {
    await this.requireCooking(cookingId);
    return this.em.find(
      CookingIngredient,
      { cooking: cookingId },
      { populate: ['ingredient'], orderBy: { position: 'asc' } },
    );
  }

  /** Replaces the whole list in one transaction: the old rows go, the new ones come, or nothing changes. */
  async replace(cookingId: number, items: CookingIngredientItemDto[]): Promise<CookingIngredient[]> {
    const ids = items.map((item) => item.ingredientId);
    const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
    if (duplicates.length > 0) {
      throw new BadRequestException(`ingredientId ${[...new Set(duplicates)].join(', ')} appears more than once`);
    }
    await this.em.transactional(async (em) => {
      const cooking = await this.requireCooking(cookingId, em);
      const found = await em.find(Ingredient, { id: { $in: ids } });
      const missing = ids.filter((id) => !found.some((ingredient) => ingredient.id === id));
      if (missing.length > 0) {
        throw new UnprocessableEntityException(`unknown ingredientId ${missing.join(', ')}`);
      }
      await em.nativeDelete(CookingIngredient, { cooking });
      items.forEach((item, position) =>
        em.create(CookingIngredient, {
          cooking,
          ingredient: found.find((ingredient) => ingredient.id === item.ingredientId)!,
          quantity: item.quantity,
          position,
        }),
      );
    });
    this.em.clear();
    return this.list(cookingId);
  }

  private async requireCooking(id: number, em: EntityManager = this.em): Promise<Cooking> {
    const cooking = await em.findOne(Cooking, id);
    if (!cooking) {
      throw new NotFoundException(`cooking ${id} not found`);
    }
    return cooking;
  }
}
