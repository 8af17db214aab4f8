import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { KeysetPages, type Condition, type PageRequest, type PageRows } from '../db/keyset-pages.js';
import { PreparedQuery } from '../db/prepared-query.js';
import { Cooking, type CookingRecord } from './cooking.entity.js';

export interface CookingFilter {
  category?: string;
  /** A LIKE pattern over the name (common/like-pattern.ts). */
  nameLike?: string;
}

export type CookingChanges = Partial<Pick<CookingRecord, 'name' | 'category' | 'description' | 'updatedAt'>>;

/**
 * The queries of the cookings table. Every one touches one table in one statement: the
 * EntityManager's native calls for writes, prepared lean reads (db/prepared-query.ts) that
 * return plain records. Building and tracking an entity per request was most of the ORM's
 * cost on these paths (bench/README.md).
 */
@Injectable()
export class CookingRepository {
  private static readonly byId = new PreparedQuery(Cooking, (qb) => qb.select('*').where({ id: 0 }));
  private static readonly pages = new KeysetPages(Cooking);

  constructor(private readonly em: EntityManager) {}

  /** Inserts a row and returns its id. */
  insert(values: Omit<CookingRecord, 'id'>): Promise<number> {
    return this.em.insert(Cooking, values);
  }

  async findById(id: number): Promise<CookingRecord | null> {
    return (await CookingRepository.byId.one(this.em, [id])) as CookingRecord | null;
  }

  /** One page in id order (after a cursor, or at an offset), counted only when asked. */
  async page(filter: CookingFilter, request: PageRequest): Promise<PageRows<CookingRecord>> {
    const conditions: Record<string, Condition> = {};
    if (filter.category !== undefined) {
      conditions.category = filter.category;
    }
    if (filter.nameLike !== undefined) {
      conditions.name = { like: filter.nameLike };
    }
    return (await CookingRepository.pages.page(this.em, conditions, request)) as PageRows<CookingRecord>;
  }

  /** Whether a row has that id. Matched rows, not changed ones (the driver's FOUND_ROWS flag). */
  async update(id: number, changes: CookingChanges): Promise<boolean> {
    return (await this.em.nativeUpdate(Cooking, { id }, changes)) > 0;
  }

  /** Whether a row was deleted; its ingredient list goes with it (the foreign key cascades). */
  async delete(id: number): Promise<boolean> {
    return (await this.em.nativeDelete(Cooking, { id })) > 0;
  }
}
