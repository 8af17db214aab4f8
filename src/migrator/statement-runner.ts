import type { Transaction } from '@mikro-orm/core';
import { type Migration, MigrationRunner } from '@mikro-orm/migrations';
import type { DdlExecutor } from './ddl-executor.js';
import { DdlLockTimeoutError, MigrationFailedError } from './errors.js';

export interface StatementRunStats {
  statements: number;
  durationMs: number;
}

/**
 * Runs a migration's statements one at a time (as MikroORM does without transactions), but
 * knows which statement failed, so the failure can be recorded and explained; and measures
 * each run for the run log.
 */
export class StatementRunner extends MigrationRunner {
  lastRun?: StatementRunStats;
  /** Called before each statement (1-based), so progress survives a killed process. */
  onStatement?: (statement: number, statements: number) => Promise<void>;
  /** Where the statements go during a run (its DDL session); without one, the ORM's pool. */
  executor?: DdlExecutor;
  /** The statement to start at: a blocked migration resumes where it gave up. */
  startAt = 1;

  override async run(migration: Migration, method: 'up' | 'down', afterRun?: (tx?: Transaction) => Promise<void>) {
    const started = performance.now();
    migration.reset();
    await migration[method]();
    const statements = migration.getQueries().filter((sql) => typeof sql !== 'string' || sql.trim().length > 0);
    const helper = this.driver.getPlatform().getSchemaHelper()!;
    const charset = this.config.get('charset') ?? 'utf8mb4';
    // `set names <charset>` repeats what every pooled connection was opened with (the ORM's
    // charset); sent before each migration it was one more round trip per migration.
    const framing = (sql: string) =>
      sql.split('\n').filter((line) => line.trim().length > 0 && line.trim() !== `set names ${charset};`);
    const plain = (sql: string) => (this.executor ? this.executor.plain(sql) : this.driver.execute(sql));
    for (const sql of framing(helper.getSchemaBeginning(charset, this.options.disableForeignKeys))) {
      await plain(sql);
    }
    const name = migration.name ?? migration.constructor.name;
    for (const [index, sql] of statements.entries()) {
      if (index + 1 < this.startAt) {
        continue;
      }
      await this.onStatement?.(index + 1, statements.length);
      try {
        if (this.executor && typeof sql === 'string') {
          await this.executor.run(sql, { migration: name, statement: index + 1, statements: statements.length });
        } else {
          await this.driver.execute(sql);
        }
      } catch (error) {
        if (error instanceof DdlLockTimeoutError) {
          throw error;
        }
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationFailedError(
          name,
          method,
          index + 1,
          statements.length,
          typeof sql === 'string' ? sql : '(query builder)',
          reason,
        );
      }
    }
    for (const sql of framing(helper.getSchemaEnd(this.options.disableForeignKeys))) {
      await plain(sql);
    }
    this.lastRun = { statements: statements.length, durationMs: Math.round(performance.now() - started) };
    await afterRun?.();
  }
}
