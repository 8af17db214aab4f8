import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { wholeSecondNow } from '../db/clock.js';
import { containsPattern } from '../db/like-pattern.js';
import { pageRequest, toPage, type Page } from '../db/pagination.dto.js';
import type { CreateIngredientDto } from './dto/create-ingredient.dto.js';
import type { QueryIngredientDto } from './dto/query-ingredient.dto.js';
import type { UpdateIngredientDto } from './dto/update-ingredient.dto.js';
import type { IngredientRecord } from './ingredient.entity.js';
import { IngredientRepository } from './ingredient.repository.js';

/** The rules of ingredients: unique names (409), no deleting one in use (409), 404s. */
@Injectable()
export class IngredientService {
  constructor(private readonly ingredients: IngredientRepository) {}

  async create(input: CreateIngredientDto): Promise<IngredientRecord> {
    const now = wholeSecondNow();
    return uniqueName(input.name, () => this.ingredients.insert({ name: input.name, createdAt: now, updatedAt: now }));
  }

  async list(query: QueryIngredientDto): Promise<Page<IngredientRecord>> {
    const nameLike = query.q === undefined ? undefined : containsPattern(query.q);
    return toPage(await this.ingredients.page(nameLike, pageRequest(query)), query, (ingredient) => ingredient);
  }

  async get(id: number): Promise<IngredientRecord> {
    const ingredient = await this.ingredients.findById(id);
    if (!ingredient) {
      throw notFound(id);
    }
    return ingredient;
  }

  async update(id: number, changes: UpdateIngredientDto): Promise<IngredientRecord> {
    const { name } = changes;
    if (name !== undefined && !(await uniqueName(name, () => this.ingredients.rename(id, name)))) {
      throw notFound(id);
    }
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    await this.get(id);
    const ids = await this.ingredients.cookingsUsing(id);
    if (ids.length > 0) {
      throw new ConflictException(
        `ingredient ${id} is used by ${ids.length} cooking(s) (ids ${ids.slice(0, 20).join(', ')}); remove it from them first`,
      );
    }
    await this.ingredients.delete(id);
  }
}

function notFound(id: number): NotFoundException {
  return new NotFoundException(`ingredient ${id} not found`);
}

/** Runs a write that sets a name; a name already taken is a 409. */
async function uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw new ConflictException(`an ingredient named "${name}" already exists`);
    }
    throw error;
  }
}
