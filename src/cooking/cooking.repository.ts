import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { retryDeadlocks } from '../db/deadlock-retry.js';
import { KeysetPages, type Condition, type PageRequest, type PageRows } from '../db/keyset-pages.js';
import { PreparedQuery } from '../db/prepared-query.js';
import { PreparedWrite } from '../db/prepared-write.js';
import { searchByName, type NameSearch } from './cooking-name-search.js';
import { Cooking, type CookingRecord } from './cooking.entity.js';
import { NameIndexer } from './name-index/name-indexer.js';

export interface CookingFilter {
  category?: string;
  /** A name search: the gram to walk and the LIKE pattern to confirm with. */
  name?: Omit<NameSearch, 'category'>;
}

export type CookingChanges = Partial<Pick<CookingRecord, 'name' | 'category' | 'description' | 'updatedAt'>>;

/**
 * The queries of the cookings table. Each write is retried when InnoDB picks it as a deadlock's
 * victim (db/deadlock-retry.ts). Reads are prepared lean reads (db/prepared-query.ts)
 * that return plain records; building and tracking an entity per request was most of the
 * ORM's cost on these paths (bench/README.md). Each write is one statement; a write that sets a
 * name hands it to the NameIndexer, which writes its search grams after the commit
 * (name-index/name-indexer.ts), and a search first waits for this process's pending names.
 */
@Injectable()
export class CookingRepository {
  private static readonly byId = new PreparedQuery(Cooking, (qb) => qb.select('*').where({ id: 0 }));
  private static readonly pages = new KeysetPages(Cooking);
  private static readonly writes = new PreparedWrite(Cooking);

  constructor(
    private readonly em: EntityManager,
    private readonly names: NameIndexer,
  ) {}

  /** Inserts a row and returns its id; its name is indexed for search once it has committed. */
  async insert(values: Omit<CookingRecord, 'id'>): Promise<number> {
    const write = this.names.begin(values.updatedAt);
    try {
      const id = await retryDeadlocks(() => CookingRepository.writes.insert(this.em, values));
      write.committed(id, false);
      return id;
    } finally {
      write.end();
    }
  }

  async findById(id: number): Promise<CookingRecord | null> {
    return (await CookingRepository.byId.one(this.em, [id])) as CookingRecord | null;
  }

  /** One page in id order (after a cursor, or at an offset), counted only when asked. */
  async page(filter: CookingFilter, request: PageRequest): Promise<PageRows<CookingRecord>> {
    if (filter.name !== undefined) {
      await this.names.caughtUp();
      return searchByName(this.em, { ...filter.name, category: filter.category }, request);
    }
    const conditions: Record<string, Condition> = filter.category === undefined ? {} : { category: filter.category };
    return (await CookingRepository.pages.page(this.em, conditions, request)) as PageRows<CookingRecord>;
  }

  /** Whether a row has that id. Matched rows, not changed ones (the driver's FOUND_ROWS flag). */
  async update(id: number, changes: CookingChanges): Promise<boolean> {
    // Without a given updated_at the server sets it, to about now.
    const write = changes.name === undefined ? undefined : this.names.begin(changes.updatedAt ?? new Date());
    try {
      const matched = await retryDeadlocks(
        async () => (await CookingRepository.writes.updateById(this.em, id, changes)) > 0,
      );
      if (matched) {
        write?.committed(id, true);
      }
      return matched;
    } catch (error) {
      // The connection may have dropped after the commit: indexing the name stored now is harmless.
      write?.committed(id, true);
      throw error;
    } finally {
      write?.end();
    }
  }

  /** Whether a row was deleted; its ingredient list and grams go with it (foreign keys cascade). */
  async delete(id: number): Promise<boolean> {
    return retryDeadlocks(async () => (await this.em.nativeDelete(Cooking, { id })) > 0);
  }
}
