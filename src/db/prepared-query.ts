import type { EntityData, EntityManager, EntityName } from '@mikro-orm/core';
import type { AbstractSqlDriver, QueryBuilder, SqlEntityManager } from '@mikro-orm/sql';

/**
 * A read of fixed shape that MikroORM's QueryBuilder renders to SQL once — table and column
 * names, quoting and dialect all come from the entity metadata — and that then runs as that SQL
 * with fresh parameters. Rows come back as plain objects keyed by property name, with values
 * converted as the ORM converts them (driver.mapResult); no entity is created or tracked.
 *
 * For read paths whose result is serialised straight away: building a QueryBuilder and
 * hydrating a tracked entity per request were most of GET /cookings/:id's ORM cost in the
 * profile (bench/README.md). Writes keep going through the unit of work.
 */
export class PreparedQuery<T extends object> {
  #rendered?: { sql: string; arity: number };

  /**
   * @param build shapes the query; the values it uses are placeholders whose positions the
   *   parameters of `all`/`one` fill, in the order the rendered SQL lists them.
   */
  constructor(
    private readonly entity: EntityName<T>,
    private readonly build: (qb: QueryBuilder<T>) => QueryBuilder<T>,
    /** Wraps the rendered SQL, e.g. in a bounded count or an EXPLAIN. */
    private readonly wrap: (sql: string) => string = (sql) => sql,
  ) {}

  /**
   * A read written as SQL, for what the QueryBuilder cannot shape (a join walked in a given
   * order); its rows are mapped to `entity` as the rendered ones are.
   */
  static fromSql<T extends object>(entity: EntityName<T>, sql: string, arity: number): PreparedQuery<T> {
    const query = new PreparedQuery<T>(entity, (qb) => qb);
    query.#rendered = { sql, arity };
    return query;
  }

  /** The rendered SQL and the number of parameters it takes (rendered on first use). */
  private rendered(em: EntityManager): { sql: string; arity: number } {
    if (!this.#rendered) {
      const query = this.build((em as SqlEntityManager).createQueryBuilder(this.entity)).toQuery();
      this.#rendered = { sql: this.wrap(query.sql), arity: query.params.length };
    }
    return this.#rendered;
  }

  /** The rows as the database returns them (column names, driver types): for aggregates. */
  async rows<R = Record<string, unknown>>(em: EntityManager, params: readonly unknown[]): Promise<R[]> {
    const { sql, arity } = this.rendered(em);
    if (params.length !== arity) {
      throw new Error(`prepared query takes ${arity} parameters, got ${params.length}: ${sql}`);
    }
    const connection = (em.getDriver() as AbstractSqlDriver).getConnection('read');
    return connection.execute<R[]>(sql, [...params], 'all', em.getTransactionContext());
  }

  async all(em: EntityManager, params: readonly unknown[]): Promise<EntityData<T>[]> {
    const rows = await this.rows<EntityData<T>>(em, params);
    const driver = em.getDriver();
    const meta = em.getMetadata().get(this.entity);
    return rows.map((row) => driver.mapResult(row, meta) as EntityData<T>);
  }

  async one(em: EntityManager, params: readonly unknown[]): Promise<EntityData<T> | null> {
    const [first] = await this.all(em, params);
    return first ?? null;
  }
}
