import type { CookingIngredient } from '../cooking-ingredient.entity.js';
import type { Ingredient } from '../ingredient.entity.js';

export class IngredientResponseDto {
  id!: number;
  name!: string;
  createdAt!: string;
  updatedAt!: string;

  static from(ingredient: Ingredient): IngredientResponseDto {
    return {
      id: ingredient.id,
      name: ingredient.name,
      createdAt: ingredient.createdAt.toISOString(),
      updatedAt: ingredient.updatedAt.toISOString(),
    };
  }
}

export class CookingIngredientResponseDto {
  ingredientId!: number;
  name!: string;
  quantity!: string;

  static from(link: CookingIngredient): CookingIngredientResponseDto {
    return { ingredientId: link.ingredient.id, name: link.ingredient.name, quantity: link.quantity };
  }
}
