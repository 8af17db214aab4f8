import type { Transaction } from '@mikro-orm/core';
import { type Migration, MigrationRunner } from '@mikro-orm/migrations';
import type { DdlExecutor } from '../server/ddl-executor.js';
import { isAlgorithmRefusal } from '../sql/ddl-algorithms.js';
import { asAlter, pinnedSql } from '../plan/ddl-plan.js';
import type { OnlineChange } from '../server/online-change.js';
import { DataCheckError, MigrationFailedError, PinnedDdlRefusedError, StatementHeldBackError } from '../errors.js';
import type { DataCheck, DataCheckResult, PlanLine } from '../types.js';

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
  /** The run's plan by migration (up only): ALTERs run pinned to it, and its data checks run first. */
  planned?: Map<string, PlanLine[]>;
  /** Migrations whose ALTERs planned as a table copy run through pt-online-schema-change. */
  onlineMigrations?: Set<string>;
  onlineChange?: (change: OnlineChange, at: { migration: string; statement: number }) => Promise<void>;
  /** Counts what stands in the way of data checks, on the live database. */
  countChecks?: (checks: DataCheck[]) => Promise<DataCheckResult[]>;

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
    const planned = method === 'up' ? (this.planned?.get(name) ?? []) : [];
    await this.checkData(name, planned, statements.length);
    for (const [index, sql] of statements.entries()) {
      if (index + 1 < this.startAt) {
        continue;
      }
      await this.onStatement?.(index + 1, statements.length);
      const line = planned.find((item) => item.statement === index + 1);
      const sent = line && typeof sql === 'string' ? pinnedSql(line) : sql;
      const copied = line?.algorithm === 'COPY' && this.onlineMigrations?.has(name) ? asAlter(line.sql) : undefined;
      const online = copied ? { table: copied.table, clauses: copied.clauses.join(', ') } : undefined;
      try {
        if (online && this.onlineChange) {
          await this.onlineChange(online, { migration: name, statement: index + 1 });
        } else if (this.executor && typeof sent === 'string') {
          await this.executor.run(sent, { migration: name, statement: index + 1, statements: statements.length });
        } else {
          await this.driver.execute(sent);
        }
      } catch (error) {
        if (error instanceof StatementHeldBackError) {
          throw error;
        }
        if (line?.algorithm && isAlgorithmRefusal(error)) {
          throw new PinnedDdlRefusedError(
            name,
            index + 1,
            statements.length,
            typeof sent === 'string' ? sent : '(query builder)',
            line.clause!.toUpperCase(),
            (error as Error).message,
          );
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

  /**
   * Before the first statement that will run: the rows already there must pass the plan's data
   * checks, or the migration is held back with nothing of it run.
   */
  private async checkData(name: string, planned: PlanLine[], statements: number): Promise<void> {
    const checks = planned.filter((line) => line.statement >= this.startAt).flatMap((line) => line.checks);
    if (checks.length === 0 || !this.countChecks) {
      return;
    }
    const failures = (await this.countChecks(checks.map((item) => item.check))).filter((result) => result.count > 0);
    if (failures.length > 0) {
      throw new DataCheckError(name, this.startAt, statements, failures);
    }
  }
}
