import type { EntityManager, EntityName } from '@mikro-orm/core';
import type { AbstractSqlDriver, QueryBuilder, SqlEntityManager } from '@mikro-orm/sql';

/**
 * One-row writes (an INSERT, an UPDATE by id), rendered by MikroORM's QueryBuilder once per set
 * of properties written (column names, quoting and dialect from the entity metadata) and then run
 * as that SQL with fresh values, as PreparedQuery does for reads. `em.insert` and
 * `em.nativeUpdate` built and compiled a QueryBuilder on every request: a tenth of a PATCH's CPU
 * in the profile (bench/README.md).
 *
 * Values are passed as the driver takes them: strings, numbers, null, and Dates, which the
 * connection writes in UTC as the ORM does (forceUtcTimezone). Properties with a custom type or
 * a conversion of their own must keep going through nativeUpdate.
 */
export class PreparedWrite<T extends object> {
  readonly #rendered = new Map<string, string>();

  constructor(private readonly entity: EntityName<T>) {}

  /** Inserts one row; returns its generated id. */
  async insert(em: EntityManager, values: Record<string, unknown>): Promise<number> {
    const properties = Object.keys(values).sort();
    const sql = this.rendered(em, `insert:${properties.join(',')}`, (qb) => qb.insert(shapeOf(properties)));
    return (
      await this.run(
        em,
        sql,
        properties.map((property) => values[property]),
      )
    ).insertId;
  }

  /** Sets `changes` on the row with that id; returns the rows matched (the FOUND_ROWS flag). */
  async updateById(em: EntityManager, id: number, changes: Record<string, unknown>): Promise<number> {
    const properties = Object.keys(changes).sort();
    const sql = this.rendered(em, `update:${properties.join(',')}`, (qb) =>
      qb.update(shapeOf(properties)).where({ id: 0 } as never),
    );
    return (await this.run(em, sql, [...properties.map((property) => changes[property]), id])).affectedRows;
  }

  private rendered(
    em: EntityManager,
    key: string,
    build: (qb: QueryBuilder<T>) => { toQuery(): { sql: string } },
  ): string {
    let sql = this.#rendered.get(key);
    if (sql === undefined) {
      sql = build((em as SqlEntityManager).createQueryBuilder(this.entity)).toQuery().sql;
      this.#rendered.set(key, sql);
    }
    return sql;
  }

  private run(em: EntityManager, sql: string, params: unknown[]): Promise<{ insertId: number; affectedRows: number }> {
    const connection = (em.getDriver() as AbstractSqlDriver).getConnection('write');
    return connection.execute(sql, params, 'run', em.getTransactionContext());
  }
}

/** The values only shape the SQL: each property becomes one placeholder, in this order. */
function shapeOf(properties: string[]): never {
  return Object.fromEntries(properties.map((property) => [property, ''])) as never;
}
