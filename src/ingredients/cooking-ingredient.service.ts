import { BadRequestException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { CookingIngredientRepository, type IngredientLine } from './cooking-ingredient.repository.js';
import type { CookingIngredientItemDto } from './dto/replace-cooking-ingredients.dto.js';

@Injectable()
export class CookingIngredientService {
  constructor(private readonly links: CookingIngredientRepository) {}

  async list(cookingId: number): Promise<IngredientLine[]> {
    await this.requireCooking(this.links, cookingId);
    return this.links.lines(cookingId);
  }

  /** Replaces the whole list in one transaction: the old rows go, the new ones come, or nothing changes. */
  async replace(cookingId: number, items: CookingIngredientItemDto[]): Promise<IngredientLine[]> {
    const ids = items.map((item) => item.ingredientId);
    const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
    if (duplicates.length > 0) {
      throw new BadRequestException(`ingredientId ${[...new Set(duplicates)].join(', ')} appears more than once`);
    }
    await this.links.transaction(async (tx) => {
      await this.requireCooking(tx, cookingId);
      const known = await tx.existingIngredients(ids);
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length > 0) {
        throw new UnprocessableEntityException(`unknown ingredientId ${missing.join(', ')}`);
      }
      await tx.replaceLines(cookingId, items);
    });
    return this.links.lines(cookingId);
  }

  private async requireCooking(links: CookingIngredientRepository, id: number): Promise<void> {
    if (!(await links.cookingExists(id))) {
      throw new NotFoundException(`cooking ${id} not found`);
    }
  }
}
