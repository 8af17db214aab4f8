import { Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { wholeSecondNow } from '../common/clock.js';
import { containsPattern } from '../common/like-pattern.js';
import type { Page } from '../common/pagination.dto.js';
import { PreparedQuery } from '../db/prepared-query.js';
import { Cooking } from './cooking.entity.js';
import type { CreateCookingDto } from './dto/create-cooking.dto.js';
import type { QueryCookingDto } from './dto/query-cooking.dto.js';
import type { UpdateCookingDto } from './dto/update-cooking.dto.js';

/** A cooking as read for a response: its columns, not a tracked entity. */
export type CookingRecord = Pick<Cooking, 'id' | 'name' | 'category' | 'description' | 'createdAt' | 'updatedAt'>;

const byId = new PreparedQuery(Cooking, (qb) => qb.select('*').where({ id: 0 }));

/**
 * Every operation here touches one row of one table, so each is a single statement through the
 * EntityManager's native calls (insert, nativeUpdate, nativeDelete, a prepared select), with the
 * entity metadata naming the columns. Results are plain records, serialised at once: building
 * and tracking an entity per request was most of the ORM's cost (bench/README.md). Work that
 * spans several rows or tables goes through the unit of work and a transaction
 * (cooking-ingredient.service.ts).
 */
@Injectable()
export class CookingService {
  constructor(private readonly em: EntityManager) {}

  async create(input: CreateCookingDto): Promise<CookingRecord> {
    const now = wholeSecondNow();
    const record = {
      name: input.name,
      category: input.category ?? null,
      description: input.description ?? null,
      createdAt: now,
      updatedAt: now,
    };
    const id = (await this.em.insert(Cooking, record)) as number;
    return { id, ...record };
  }

  async list(query: QueryCookingDto): Promise<Page<CookingRecord>> {
    const where: { category?: string; name?: { $like: string } } = {};
    if (query.category !== undefined) {
      where.category = query.category;
    }
    if (query.q !== undefined) {
      where.name = { $like: containsPattern(query.q) };
    }
    const em = this.em as SqlEntityManager;
    const items = await em
      .createQueryBuilder(Cooking)
      .select('*')
      .where(where)
      .orderBy({ id: 'asc' })
      .limit(query.limit)
      .offset(query.offset)
      .execute<CookingRecord[]>('all');
    const total = await em.count(Cooking, where);
    return { items, total, limit: query.limit, offset: query.offset };
  }

  async get(id: number): Promise<CookingRecord> {
    const cooking = (await byId.one(this.em, [id])) as CookingRecord | null;
    if (!cooking) {
      throw notFound(id);
    }
    return cooking;
  }

  async update(id: number, changes: UpdateCookingDto): Promise<CookingRecord> {
    const defined = definedOnly(changes);
    if (Object.keys(defined).length > 0) {
      // Matched rows, not changed ones (the driver's FOUND_ROWS flag): 0 means no such id.
      const matched = await this.em.nativeUpdate(Cooking, { id }, { ...defined, updatedAt: wholeSecondNow() });
      if (matched === 0) {
        throw notFound(id);
      }
    }
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    // The ingredient list goes with it: the foreign key cascades.
    if ((await this.em.nativeDelete(Cooking, { id })) === 0) {
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
