import type { Transaction } from '@mikro-orm/core';
import { type Migration, MigrationRunner } from '@mikro-orm/migrations';

/** A migration that stopped part-way; MySQL has already committed the statements before it. */
export class MigrationStatementError extends Error {
  override name = 'MigrationStatementError';

  constructor(
    readonly migration: string,
    readonly method: 'up' | 'down',
    /** 1-based. */
    readonly statement: number,
    readonly statements: number,
    readonly sql: string,
    readonly reason: string,
  ) {
    super(`${migration} ${method}: statement ${statement} of ${statements} failed: ${reason}`);
  }

  /** The message with what was committed and the ways out. */
  help(): string {
    const committed =
      this.statement > 1
        ? `Statements 1–${this.statement - 1} were committed and stay in the database: MySQL does not roll back DDL.`
        : 'No statement of it had been committed.';
    if (this.method === 'down') {
      return `${this.message}\n${committed} The migration is still recorded as applied; fix the database by hand and run down again.`;
    }
    return (
      `${this.message}\n${committed} The migration is recorded as FAILED and further runs are refused until it is resolved:\n` +
      `  - undo what it did by hand, then: npm run db -- resolve ${this.migration} --rolled-back   (it will run again)\n` +
      `  - or complete it by hand, then:   npm run db -- resolve ${this.migration} --applied`
    );
  }
}

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
    for (const sql of framing(helper.getSchemaBeginning(charset, this.options.disableForeignKeys))) {
      await this.driver.execute(sql);
    }
    for (const [index, sql] of statements.entries()) {
      await this.onStatement?.(index + 1, statements.length);
      try {
        await this.driver.execute(sql);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationStatementError(
          migration.name ?? migration.constructor.name,
          method,
          index + 1,
          statements.length,
          typeof sql === 'string' ? sql : '(query builder)',
          reason,
        );
      }
    }
    for (const sql of framing(helper.getSchemaEnd(this.options.disableForeignKeys))) {
      await this.driver.execute(sql);
    }
    this.lastRun = { statements: statements.length, durationMs: Math.round(performance.now() - started) };
    await afterRun?.();
  }
}
