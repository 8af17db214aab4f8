import type { AbstractSqlDriver, Transaction } from '@mikro-orm/sql';
import { quoteIdentifier } from '../sql/sql-clauses.js';

/**
 * The companion of MikroORM's tracking table. MikroORM's `mikro_orm_migrations` stays as
 * MikroORM made it (so `migration:list` keeps working); what it cannot hold lives here:
 * the checksum of each applied migration and the failed state of a migration that broke
 * part-way (MySQL has already committed its earlier DDL by then).
 */
export const META_TABLE = 'mikro_orm_migrations_meta';

/**
 * `running` is written before each statement: a row left in that state means the run died
 * mid-way. `blocked`: a statement after the first gave up on its metadata lock; `up` resumes there.
 */
export type MetaStatus = 'applied' | 'failed' | 'running' | 'blocked';

export interface MetaRow {
  name: string;
  status: MetaStatus;
  checksum: string | null;
  statements: number | null;
  failedStatement: number | null;
  error: string | null;
  durationMs: number | null;
  updatedAt: string;
}

export const META_TABLE_DDL =
  `create table if not exists ${quoteIdentifier(META_TABLE)} (` +
  '`name` varchar(255) not null primary key, ' +
  "`status` varchar(16) not null comment 'applied | failed | running | blocked', " +
  '`checksum` char(64) null, ' +
  '`statements` int null, ' +
  "`failed_statement` int null comment '1-based index of the statement that failed', " +
  '`error` text null, ' +
  '`duration_ms` int null, ' +
  '`updated_at` datetime not null default current_timestamp() on update current_timestamp()' +
  ') default character set utf8mb4 engine = InnoDB';

/** The record of a migration applied without a timed run (stamped, resolved, repaired, or offline SQL). */
export function recordedAsApplied(name: string, sql: { checksum: string; up: string[] }): Omit<MetaRow, 'updatedAt'> {
  return {
    name,
    status: 'applied',
    checksum: sql.checksum,
    statements: sql.up.length,
    failedStatement: null,
    error: null,
    durationMs: null,
  };
}

export function metaUpsertSql(row: Omit<MetaRow, 'updatedAt'>): { sql: string; params: unknown[] } {
  return {
    sql:
      `insert into ${quoteIdentifier(META_TABLE)} (\`name\`, \`status\`, \`checksum\`, \`statements\`, \`failed_statement\`, \`error\`, \`duration_ms\`) ` +
      'values (?, ?, ?, ?, ?, ?, ?) on duplicate key update `status` = values(`status`), `checksum` = values(`checksum`), ' +
      '`statements` = values(`statements`), `failed_statement` = values(`failed_statement`), `error` = values(`error`), ' +
      '`duration_ms` = values(`duration_ms`), `updated_at` = current_timestamp()',
    params: [row.name, row.status, row.checksum, row.statements, row.failedStatement, row.error, row.durationMs],
  };
}

interface RawMetaRow {
  name: string;
  status: MetaStatus;
  checksum: string | null;
  statements: number | null;
  failed_statement: number | null;
  error: string | null;
  duration_ms: number | null;
  updated_at: string | Date;
}

export class MigrationMetaStore {
  constructor(private readonly driver: AbstractSqlDriver) {}

  async ensureTable(): Promise<void> {
    await this.driver.execute(META_TABLE_DDL);
  }

  async exists(): Promise<boolean> {
    const rows = await this.driver.execute<{ n: number }[]>(
      'select count(*) as n from information_schema.tables where table_schema = database() and table_name = ?',
      [META_TABLE],
    );
    return Number(rows[0]?.n ?? 0) > 0;
  }

  async all(): Promise<Map<string, MetaRow>> {
    if (!(await this.exists())) {
      return new Map();
    }
    const rows = await this.driver.execute<RawMetaRow[]>(
      `select * from ${quoteIdentifier(META_TABLE)} order by \`name\``,
    );
    return new Map(
      rows.map((row) => [
        row.name,
        {
          name: row.name,
          status: row.status,
          checksum: row.checksum,
          statements: row.statements === null ? null : Number(row.statements),
          failedStatement: row.failed_statement === null ? null : Number(row.failed_statement),
          error: row.error,
          durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
          updatedAt: String(row.updated_at),
        },
      ]),
    );
  }

  async save(row: Omit<MetaRow, 'updatedAt'>, tx?: Transaction): Promise<void> {
    const { sql, params } = metaUpsertSql(row);
    await this.driver.execute(sql, params, 'run', tx);
  }

  async remove(name: string, tx?: Transaction): Promise<void> {
    await this.driver.execute(`delete from ${quoteIdentifier(META_TABLE)} where \`name\` = ?`, [name], 'run', tx);
  }
}
