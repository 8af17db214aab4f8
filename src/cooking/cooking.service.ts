import { Injectable, NotFoundException } from '@nestjs/common';
import { wholeSecondNow } from '../db/clock.js';
import { containsPattern } from '../db/like-pattern.js';
import { pageRequest, toPage, type Page } from '../db/pagination.dto.js';
import type { CookingRecord } from './cooking.entity.js';
import { CookingRepository, type CookingFilter } from './cooking.repository.js';
import type { CreateCookingDto } from './dto/create-cooking.dto.js';
import type { QueryCookingDto } from './dto/query-cooking.dto.js';
import type { UpdateCookingDto } from './dto/update-cooking.dto.js';

/** The rules of cookings: timestamps, what a PATCH changes, 404s. Queries live in the repository. */
@Injectable()
export class CookingService {
  constructor(private readonly cookings: CookingRepository) {}

  async create(input: CreateCookingDto): Promise<CookingRecord> {
    const now = wholeSecondNow();
    const record = {
      name: input.name,
      category: input.category ?? null,
      description: input.description ?? null,
      createdAt: now,
      updatedAt: now,
    };
    return { id: await this.cookings.insert(record), ...record };
  }

  async list(query: QueryCookingDto): Promise<Page<CookingRecord>> {
    const filter: CookingFilter = {};
    if (query.category !== undefined) {
      filter.category = query.category;
    }
    if (query.q !== undefined && query.q !== '') {
      filter.name = { q: query.q, nameLike: containsPattern(query.q) };
    }
    return toPage(await this.cookings.page(filter, pageRequest(query)), query, (cooking) => cooking);
  }

  async get(id: number): Promise<CookingRecord> {
    const cooking = await this.cookings.findById(id);
    if (!cooking) {
      throw notFound(id);
    }
    return cooking;
  }

  async update(id: number, changes: UpdateCookingDto): Promise<CookingRecord> {
    const defined = definedOnly(changes);
    if (
      Object.keys(defined).length > 0 &&
      !(await this.cookings.update(id, { ...defined, updatedAt: wholeSecondNow() }))
    ) {
      throw notFound(id);
    }
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    if (!(await this.cookings.delete(id))) {
      throw notFound(id);
    }
  }
}

function notFound(id: number): NotFoundException {
  return new NotFoundException(`cooking ${id} not found`);
}

/** A PATCH leaves out what it does not change; `undefined` must not overwrite a stored value. */
export function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
