import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import { containsPattern } from '../common/like-pattern.js';
import type { Page } from '../common/pagination.dto.js';
import { CookingIngredient } from './cooking-ingredient.entity.js';
import type { CreateIngredientDto } from './dto/create-ingredient.dto.js';
import type { QueryIngredientDto } from './dto/query-ingredient.dto.js';
import type { UpdateIngredientDto } from './dto/update-ingredient.dto.js';
import { Ingredient } from './ingredient.entity.js';

@Injectable()
export class IngredientService {
  constructor(private readonly em: EntityManager) {}

  async create(input: CreateIngredientDto): Promise<Ingredient> {
    const ingredient = this.em.create(Ingredient, { name: input.name } as Ingredient);
    await this.flushUnique(input.name);
    return ingredient;
  }

  async list(query: QueryIngredientDto): Promise<Page<Ingredient>> {
    const where: FilterQuery<Ingredient> = query.q === undefined ? {} : { name: { $like: containsPattern(query.q) } };
    const [items, total] = await this.em.findAndCount(Ingredient, where, {
      limit: query.limit,
      offset: query.offset,
      orderBy: { id: 'asc' },
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  async get(id: number): Promise<Ingredient> {
    const ingredient = await this.em.findOne(Ingredient, id);
    if (!ingredient) {
      throw new NotFoundException(`ingredient ${id} not found`);
    }
    return ingredient;
  }

  async update(id: number, changes: UpdateIngredientDto): Promise<Ingredient> {
    const ingredient = await this.get(id);
    if (changes.name !== undefined) {
      ingredient.name = changes.name;
      await this.flushUnique(changes.name);
    }
    return ingredient;
  }

  async remove(id: number): Promise<void> {
    const ingredient = await this.get(id);
    const uses = await this.em.find(
      CookingIngredient,
      { ingredient },
      { fields: ['cooking'], orderBy: { cooking: 'asc' } },
    );
    if (uses.length > 0) {
      const ids = uses.map((use) => use.cooking.id);
      throw new ConflictException(
        `ingredient ${id} is used by ${ids.length} cooking(s) (ids ${ids.slice(0, 20).join(', ')}); remove it from them first`,
      );
    }
    await this.em.remove(ingredient).flush();
  }

  private async flushUnique(name: string): Promise<void> {
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        this.em.clear();
        throw new ConflictException(`an ingredient named "${name}" already exists`);
      }
      throw error;
    }
  }
}
