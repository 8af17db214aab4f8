import type { EntityData, EntityManager, EntityName } from '@mikro-orm/core';
import { PreparedQuery } from './prepared-query.js';

/** How `total` is computed: not at all (the default), exactly up to a bound, or the optimizer's estimate. */
export type CountMode = 'none' | 'exact' | 'estimate';

/** What a page says of its total: `at-least` when an exact count stopped at its bound. */
export type TotalKind = 'exact' | 'at-least' | 'estimate';

/** An exact count reads at most this many index entries; beyond it the total is a lower bound. */
export const MAX_EXACT_COUNT = 100_000;

export interface PageRequest {
  limit: number;
  offset: number;
  /** Continue after this id (a cursor); the offset is then 0. */
  afterId?: number;
  count: CountMode;
}

export interface PageRows<R> {
  items: R[];
  /** Whether rows follow the last one: the page has a next cursor. */
  more: boolean;
  total: number | null;
  totalKind: TotalKind | null;
}

/** One filter condition: the column's value, or a LIKE pattern. */
export type Condition = string | { like: string };

/**
 * The reads of a list shape. Parameters: the filter's values, then for `page` the id to continue
 * after, limit and offset; for `first` (no cursor) limit and offset; for `exact` the bound; for
 * `estimate` and `count` nothing more.
 */
export interface ShapeQueries<T extends object> {
  page: PreparedQuery<T>;
  exact: PreparedQuery<T>;
  estimate: PreparedQuery<T>;
  /** The page without a cursor: `id > 0` made the server walk a range rather than the index (1 ms of 6 at 10k rows). */
  first?: PreparedQuery<T>;
  /** A plain `count(*)`, for a table known to hold fewer rows than the bound (KeysetPages). */
  count?: PreparedQuery<T>;
}

/** How long a table's row estimate decides between a plain and a bounded count. */
const TABLE_ESTIMATE_MS = 1_000;

/**
 * Pages of one table in id order, by keyset (`id > cursor`, an index range whatever the depth)
 * or by offset (the slow path), with a count only when asked for. Each combination of filtered
 * columns is rendered once by the QueryBuilder and then runs as prepared SQL.
 */
export class KeysetPages<T extends { id: number }> {
  readonly #shapes = new Map<string, ShapeQueries<T>>();
  #tableRows?: { rows: number; at: number; pending?: Promise<number> };

  constructor(private readonly entity: EntityName<T>) {}

  async page(
    em: EntityManager,
    filter: Record<string, Condition>,
    request: PageRequest,
  ): Promise<PageRows<EntityData<T>>> {
    const columns = Object.keys(filter).sort();
    const values = columns.map((column) => {
      const condition = filter[column];
      return typeof condition === 'string' ? condition : condition.like;
    });
    const countPlainly = request.count === 'exact' && (await this.tableRows(em)) < MAX_EXACT_COUNT / 2;
    return readPage(em, this.queriesFor(columns, filter), values, request, countPlainly);
  }

  /**
   * The optimizer's estimate of the whole table's rows, asked at most once a second. Below half
   * the bound, no filter can match more rows than the bound, so a plain `count(*)` (an index
   * scan) answers what the bounded one would, for half its cost: the bounded form materialises
   * its derived table. An estimate that is wrong costs time, not correctness: a plain count above
   * the bound is reported as `at-least` the bound, as the bounded one would be.
   */
  private async tableRows(em: EntityManager): Promise<number> {
    const known = this.#tableRows;
    if (known && (Date.now() - known.at < TABLE_ESTIMATE_MS || known.pending)) {
      return known.rows;
    }
    const pending = this.queriesFor([], {})
      .estimate.rows<{ rows: number | string | null }>(em, [])
      .then(([plan]) => Number(plan?.rows ?? 0));
    this.#tableRows = { rows: known?.rows ?? Number.POSITIVE_INFINITY, at: known?.at ?? 0, pending };
    try {
      const rows = await pending;
      this.#tableRows = { rows, at: Date.now() };
      return rows;
    } catch (error) {
      this.#tableRows = known;
      throw error;
    }
  }

  private queriesFor(columns: string[], filter: Record<string, Condition>): ShapeQueries<T> {
    const shape = columns.map((column) => `${column}:${typeof filter[column]}`).join(',');
    let queries = this.#shapes.get(shape);
    if (!queries) {
      // The values here only shape the SQL; each call passes its own, in the order of `columns`.
      const where = Object.fromEntries(
        columns.map((column) => [column, typeof filter[column] === 'string' ? '' : { $like: '' }]),
      ) as Record<string, unknown>;
      // Typed loosely: the QueryBuilder's filter types cannot follow a generic entity.
      const after = { ...where, id: { $gt: 0 } } as never;
      queries = {
        // limit/offset must not be 0 here, which the QueryBuilder would leave out.
        page: new PreparedQuery(this.entity, (qb) =>
          qb
            .select('*')
            .where(after)
            .orderBy({ id: 'asc' } as never)
            .limit(1)
            .offset(1),
        ),
        first: new PreparedQuery(this.entity, (qb) =>
          qb
            .select('*')
            .where(where as never)
            .orderBy({ id: 'asc' } as never)
            .limit(1)
            .offset(1),
        ),
        // Not wrapped in a derived table: the server would materialise it (twice the time).
        count: new PreparedQuery(this.entity, (qb) => qb.count().where(where as never) as never),
        exact: new PreparedQuery(
          this.entity,
          (qb) =>
            qb
              .select('id' as never)
              .where(where as never)
              .limit(1),
          (sql) => `select count(*) as total from (${sql}) as bounded`,
        ),
        estimate: new PreparedQuery(
          this.entity,
          (qb) => qb.select('*').where(where as never),
          // The format named: MySQL 8.3+ may default to TREE (one text column, no `rows`).
          (sql) => `explain format=traditional ${sql}`,
        ),
      };
      this.#shapes.set(shape, queries);
    }
    return queries;
  }
}

/** One page through a shape's reads, counted as the request asks. */
export async function readPage<T extends object>(
  em: EntityManager,
  queries: ShapeQueries<T>,
  values: unknown[],
  request: PageRequest,
  countPlainly = false,
): Promise<PageRows<EntityData<T>>> {
  // One row more than asked says whether another page follows.
  const rows =
    request.afterId === undefined && queries.first
      ? await queries.first.all(em, [...values, request.limit + 1, request.offset])
      : await queries.page.all(em, [...values, request.afterId ?? 0, request.limit + 1, request.offset]);
  const page: PageRows<EntityData<T>> = {
    items: rows.slice(0, request.limit),
    more: rows.length > request.limit,
    total: null,
    totalKind: null,
  };
  if (request.count === 'exact') {
    const total =
      countPlainly && queries.count
        ? (await queries.count.rows<{ count: number | string }>(em, values))[0].count
        : (await queries.exact.rows<{ total: number | string }>(em, [...values, MAX_EXACT_COUNT + 1]))[0].total;
    page.total = Math.min(Number(total), MAX_EXACT_COUNT);
    page.totalKind = Number(total) > MAX_EXACT_COUNT ? 'at-least' : 'exact';
  } else if (request.count === 'estimate') {
    const [plan] = await queries.estimate.rows<{ rows: number | string | null }>(em, values);
    page.total = Number(plan?.rows ?? 0);
    page.totalKind = 'estimate';
  }
  return page;
}
