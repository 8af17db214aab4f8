import { Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/core';
import { containsPattern } from '../common/like-pattern.js';
import type { Page } from '../common/pagination.dto.js';
import { Cooking } from './cooking.entity.js';
import type { CreateCookingDto } from './dto/create-cooking.dto.js';
import type { QueryCookingDto } from './dto/query-cooking.dto.js';
import type { UpdateCookingDto } from './dto/update-cooking.dto.js';

@Injectable()
export class CookingService {
  constructor(private readonly em: EntityManager) {}

  async create(input: CreateCookingDto): Promise<Cooking> {
    const cooking = this.em.create(Cooking, {
      name: input.name,
      category: input.category ?? null,
      description: input.description ?? null,
    } as Cooking);
    await this.em.flush();
    return cooking;
  }

  async list(query: QueryCookingDto): Promise<Page<Cooking>> {
    const where: FilterQuery<Cooking> = {};
    if (query.category !== undefined) {
      where.category = query.category;
    }
    if (query.q !== undefined) {
      where.name = { $like: containsPattern(query.q) };
    }
    const [items, total] = await this.em.findAndCount(Cooking, where, {
      limit: query.limit,
      offset: query.offset,
      orderBy: { id: 'asc' },
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  async get(id: number): Promise<Cooking> {
    const cooking = await this.em.findOne(Cooking, id);
    if (!cooking) {
      throw new NotFoundException(`cooking ${id} not found`);
    }
    return cooking;
  }

  async update(id: number, changes: UpdateCookingDto): Promise<Cooking> {
    const cooking = await this.get(id);
    this.em.assign(cooking, definedOnly(changes));
    await this.em.flush();
    return cooking;
  }

  async remove(id: number): Promise<void> {
    const cooking = await this.get(id);
    await this.em.remove(cooking).flush();
  }
}

/** A PATCH leaves out what it does not change; `undefined` must not overwrite a stored value. */
export function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
