import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { raw } from '@mikro-orm/sql';
import { PreparedQuery } from '../db/prepared-query.js';
import { Cooking, type CookingRecord } from './cooking.entity.js';

export interface CookingFilter {
  category?: string;
  /** A LIKE pattern over the name (common/like-pattern.ts). */
  nameLike?: string;
}

export type CookingChanges = Partial<Pick<CookingRecord, 'name' | 'category' | 'description' | 'updatedAt'>>;

/** A page query and a count per combination of filters, each rendered once. */
interface ListQueries {
  page: PreparedQuery<Cooking>;
  count: PreparedQuery<Cooking>;
}

/**
 * The queries of the cookings table. Every one touches one table in one statement: the
 * EntityManager's native calls for writes, prepared lean reads (db/prepared-query.ts) that
 * return plain records. Building and tracking an entity per request was most of the ORM's
 * cost on these paths (bench/README.md).
 */
@Injectable()
export class CookingRepository {
  private static readonly byId = new PreparedQuery(Cooking, (qb) => qb.select('*').where({ id: 0 }));
  private static readonly listByShape = new Map<string, ListQueries>();

  constructor(private readonly em: EntityManager) {}

  /** Inserts a row and returns its id. */
  insert(values: Omit<CookingRecord, 'id'>): Promise<number> {
    return this.em.insert(Cooking, values);
  }

  async findById(id: number): Promise<CookingRecord | null> {
    return (await CookingRepository.byId.one(this.em, [id])) as CookingRecord | null;
  }

  /** One page in id order, and how many rows match the filter. */
  async page(filter: CookingFilter, limit: number, offset: number): Promise<{ items: CookingRecord[]; total: number }> {
    const { page, count } = CookingRepository.listQueries(filter);
    // The values in the order the rendered SQL lists its conditions.
    const values = [filter.category, filter.nameLike].filter((value) => value !== undefined);
    const items = (await page.all(this.em, [...values, limit, offset])) as CookingRecord[];
    const [{ total }] = await count.rows<{ total: number | string }>(this.em, values);
    return { items, total: Number(total) };
  }

  /** Whether a row has that id. Matched rows, not changed ones (the driver's FOUND_ROWS flag). */
  async update(id: number, changes: CookingChanges): Promise<boolean> {
    return (await this.em.nativeUpdate(Cooking, { id }, changes)) > 0;
  }

  /** Whether a row was deleted; its ingredient list goes with it (the foreign key cascades). */
  async delete(id: number): Promise<boolean> {
    return (await this.em.nativeDelete(Cooking, { id })) > 0;
  }

  private static listQueries(filter: CookingFilter): ListQueries {
    const shape = `${filter.category !== undefined}:${filter.nameLike !== undefined}`;
    let queries = CookingRepository.listByShape.get(shape);
    if (!queries) {
      // The values here only shape the SQL; each call passes its own. limit/offset must not be 0,
      // which the QueryBuilder would leave out.
      const where = {
        ...(filter.category !== undefined ? { category: '' } : {}),
        ...(filter.nameLike !== undefined ? { name: { $like: '' } } : {}),
      };
      queries = {
        page: new PreparedQuery(Cooking, (qb) => qb.select('*').where(where).orderBy({ id: 'asc' }).limit(1).offset(1)),
        count: new PreparedQuery(Cooking, (qb) => qb.select(raw('count(*) as total')).where(where)),
      };
      CookingRepository.listByShape.set(shape, queries);
    }
    return queries;
  }
}
