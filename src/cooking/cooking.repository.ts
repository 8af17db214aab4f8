import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { retryDeadlocks } from '../db/deadlock-retry.js';
import { KeysetPages, type Condition, type PageRequest, type PageRows } from '../db/keyset-pages.js';
import { PreparedQuery } from '../db/prepared-query.js';
import { searchByName, type NameSearch } from './cooking-name-search.js';
import { CookingNameGram } from './cooking-name-gram.entity.js';
import { Cooking, type CookingRecord } from './cooking.entity.js';
import { nameGrams } from './name-grams.js';

export interface CookingFilter {
  category?: string;
  /** A name search: the gram to walk and the LIKE pattern to confirm with. */
  name?: Omit<NameSearch, 'category'>;
}

export type CookingChanges = Partial<Pick<CookingRecord, 'name' | 'category' | 'description' | 'updatedAt'>>;

/** A pair equal to another under the collation ('a' and 'a ' with PAD SPACE) is stored once. */
const INSERT_GRAMS_TAIL = 'on duplicate key update `gram` = `cooking_name_grams`.`gram`';

/**
 * The queries of the cookings table. Each write is retried when InnoDB picks it as a deadlock's
 * victim (db/deadlock-retry.ts). Reads are prepared lean reads (db/prepared-query.ts)
 * that return plain records; building and tracking an entity per request was most of the
 * ORM's cost on these paths (bench/README.md). A write that sets a name also rewrites that
 * name's search grams (cooking_name_grams), in the same transaction.
 */
@Injectable()
export class CookingRepository {
  private static readonly byId = new PreparedQuery(Cooking, (qb) => qb.select('*').where({ id: 0 }));
  private static readonly pages = new KeysetPages(Cooking);

  constructor(private readonly em: EntityManager) {}

  /** Inserts a row with its search grams and returns its id. */
  insert(values: Omit<CookingRecord, 'id'>): Promise<number> {
    return retryDeadlocks(() =>
      this.em.transactional(async (em) => {
        const id = await em.insert(Cooking, values);
        await insertGrams(em, id, values.name);
        return id;
      }),
    );
  }

  async findById(id: number): Promise<CookingRecord | null> {
    return (await CookingRepository.byId.one(this.em, [id])) as CookingRecord | null;
  }

  /** One page in id order (after a cursor, or at an offset), counted only when asked. */
  async page(filter: CookingFilter, request: PageRequest): Promise<PageRows<CookingRecord>> {
    if (filter.name !== undefined) {
      return searchByName(this.em, { ...filter.name, category: filter.category }, request);
    }
    const conditions: Record<string, Condition> = filter.category === undefined ? {} : { category: filter.category };
    return (await CookingRepository.pages.page(this.em, conditions, request)) as PageRows<CookingRecord>;
  }

  /** Whether a row has that id. Matched rows, not changed ones (the driver's FOUND_ROWS flag). */
  async update(id: number, changes: CookingChanges): Promise<boolean> {
    if (changes.name === undefined) {
      return retryDeadlocks(async () => (await this.em.nativeUpdate(Cooking, { id }, changes)) > 0);
    }
    const name = changes.name;
    return retryDeadlocks(() =>
      this.em.transactional(async (em) => {
        if ((await em.nativeUpdate(Cooking, { id }, changes)) === 0) {
          return false;
        }
        await em.nativeDelete(CookingNameGram, { cooking: id });
        await insertGrams(em, id, name);
        return true;
      }),
    );
  }

  /** Whether a row was deleted; its ingredient list and grams go with it (foreign keys cascade). */
  async delete(id: number): Promise<boolean> {
    return retryDeadlocks(async () => (await this.em.nativeDelete(Cooking, { id })) > 0);
  }
}

async function insertGrams(em: EntityManager, cookingId: number, name: string): Promise<void> {
  const grams = nameGrams(name);
  if (grams.length > 0) {
    await (em as SqlEntityManager).execute(
      `insert into \`cooking_name_grams\` (\`gram\`, \`cooking_id\`) values ${grams.map(() => '(?, ?)').join(', ')} ${INSERT_GRAMS_TAIL}`,
      grams.flatMap((gram) => [gram, cookingId]),
    );
  }
}
