import type { EntityManager } from '@mikro-orm/core';
import { readPage, type PageRequest, type PageRows, type ShapeQueries } from '../db/keyset-pages.js';
import { PreparedQuery } from '../db/prepared-query.js';
import { Cooking, type CookingRecord } from './cooking.entity.js';
import { searchGrams } from './name-grams.js';

/**
 * The name search's reads, by keyset like every list: the postings of one gram
 * (cooking_name_grams, primary key gram + cooking_id) are walked in id order, and each
 * candidate is confirmed by the LIKE the list used to scan the whole table with. A page stops
 * after limit + 1 confirmed rows, so its cost follows the page, not the table. STRAIGHT_JOIN
 * keeps that order: the optimizer would otherwise start from cookings and scan it.
 */
function searchQueries(withCategory: boolean): ShapeQueries<Cooking> {
  const from =
    'from `cooking_name_grams` g straight_join `cookings` c on c.`id` = g.`cooking_id` where g.`gram` = ?' +
    (withCategory ? ' and c.`category` = ?' : '') +
    ' and c.`name` like ?';
  const arity = withCategory ? 3 : 2;
  return {
    page: PreparedQuery.fromSql(
      Cooking,
      `select c.* ${from} and g.\`cooking_id\` > ? order by g.\`cooking_id\` limit ? offset ?`,
      arity + 3,
    ),
    exact: PreparedQuery.fromSql(
      Cooking,
      `select count(*) as total from (select g.\`cooking_id\` ${from} limit ?) as bounded`,
      arity + 1,
    ),
    // The gram's posting count: an upper bound of the matches (the format named, see keyset-pages.ts).
    estimate: PreparedQuery.fromSql(Cooking, `explain format=traditional select c.\`id\` ${from}`, arity),
  };
}

const QUERIES = { plain: searchQueries(false), inCategory: searchQueries(true) };

/**
 * Postings counted per pair when weighing them: enough to tell a rare pair from a common one.
 * A pair with this many is common enough that walking it finds a page quickly; counting further
 * made every typical search pay for it (1,000 cost 3 ms a search at 1M rows, bench/scale.md).
 */
const WEIGH_BOUND = 50;

/**
 * Bounded posting counts of several grams in one round trip, one index range each:
 * `select 0 as i, count(*) as n from (select 1 … where gram = ? limit 50) p0 union all …`.
 */
const weighQueries = new Map<number, PreparedQuery<Cooking>>();
function weighQuery(grams: number): PreparedQuery<Cooking> {
  let query = weighQueries.get(grams);
  if (!query) {
    const parts = Array.from(
      { length: grams },
      (_, i) =>
        `select ${i} as i, count(*) as n from (select 1 from \`cooking_name_grams\` where \`gram\` = ? limit ${WEIGH_BOUND}) as p${i}`,
    );
    query = PreparedQuery.fromSql(Cooking, parts.join(' union all '), grams);
    weighQueries.set(grams, query);
  }
  return query;
}

/**
 * Which of the query's grams to walk: the one with the fewest postings. A pair no name holds
 * means no name holds the query (undefined). `本格ピザ窯` walks `ザ窯`, not the 100,000 postings
 * of `本格` (docs/search.md).
 */
async function gramToWalk(em: EntityManager, q: string): Promise<string | undefined> {
  const grams = searchGrams(q);
  if (grams.length === 1) {
    return grams[0];
  }
  const counts = await weighQuery(grams.length).rows<{ i: number | string; n: number | string }>(em, grams);
  const [rarest] = counts.map(({ i, n }) => ({ gram: grams[Number(i)], n: Number(n) })).sort((a, b) => a.n - b.n);
  return rarest.n === 0 ? undefined : rarest.gram;
}

export interface NameSearch {
  q: string;
  /** The LIKE pattern the candidates must match (db/like-pattern.ts). */
  nameLike: string;
  category?: string;
}

export async function searchByName(
  em: EntityManager,
  search: NameSearch,
  request: PageRequest,
): Promise<PageRows<CookingRecord>> {
  const gram = await gramToWalk(em, search.q);
  if (gram === undefined) {
    const counted = request.count === 'none' ? null : 0;
    return { items: [], more: false, total: counted, totalKind: counted === null ? null : 'exact' };
  }
  const values = search.category === undefined ? [gram, search.nameLike] : [gram, search.category, search.nameLike];
  const queries = search.category === undefined ? QUERIES.plain : QUERIES.inCategory;
  return (await readPage(em, queries, values, request)) as PageRows<CookingRecord>;
}
