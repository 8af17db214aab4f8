import { Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { raw } from '@mikro-orm/sql';
import { wholeSecondNow } from '../common/clock.js';
import { containsPattern } from '../common/like-pattern.js';
import type { Page } from '../common/pagination.dto.js';
import { PreparedQuery } from '../db/prepared-query.js';
import { Cooking, type CookingRecord } from './cooking.entity.js';
import type { CreateCookingDto } from './dto/create-cooking.dto.js';
import type { QueryCookingDto } from './dto/query-cooking.dto.js';
import type { UpdateCookingDto } from './dto/update-cooking.dto.js';

const byId = new PreparedQuery(Cooking, (qb) => qb.select('*').where({ id: 0 }));

interface CookingFilter {
  category?: string;
  name?: { $like: string };
}

/** The filter's values in the order its conditions appear in the rendered SQL. */
function filterValues(filter: CookingFilter): unknown[] {
  return [filter.category, filter.name?.$like].filter((value) => value !== undefined);
}

/** A page query and a count per combination of filters, each rendered once. */
const listQueriesByShape = new Map<string, { page: PreparedQuery<Cooking>; count: PreparedQuery<Cooking> }>();

function listQueries(filter: CookingFilter) {
  const shape = `${filter.category !== undefined}:${filter.name !== undefined}`;
  let queries = listQueriesByShape.get(shape);
  if (!queries) {
    // The values here only shape the SQL; each call passes its own. limit/offset must not be 0,
    // which the QueryBuilder would leave out.
    queries = {
      page: new PreparedQuery(Cooking, (qb) => qb.select('*').where(filter).orderBy({ id: 'asc' }).limit(1).offset(1)),
      count: new PreparedQuery(Cooking, (qb) => qb.select(raw('count(*) as total')).where(filter)),
    };
    listQueriesByShape.set(shape, queries);
  }
  return queries;
}

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
    const id: number = await this.em.insert(Cooking, record);
    return { id, ...record };
  }

  async list(query: QueryCookingDto): Promise<Page<CookingRecord>> {
    const filter: CookingFilter = {};
    if (query.category !== undefined) {
      filter.category = query.category;
    }
    if (query.q !== undefined) {
      filter.name = { $like: containsPattern(query.q) };
    }
    const { page, count } = listQueries(filter);
    const values = filterValues(filter);
    const items = (await page.all(this.em, [...values, query.limit, query.offset])) as CookingRecord[];
    const [{ total }] = await count.rows<{ total: number | string }>(this.em, values);
    return { items, total: Number(total), limit: query.limit, offset: query.offset };
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
