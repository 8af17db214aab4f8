import type { Transaction } from '@mikro-orm/core';
import { type Migration, MigrationRunner } from '@mikro-orm/migrations';
import { MigrationError } from '../errors/index.js';
import { DataCheckError, MigrationFailedError, PinnedDdlRefusedError } from '../errors/index.js';
import { isAlgorithmRefusal } from '../sql/ddl-algorithms.js';
import { asAlter, pinnedSql } from '../sql/ddl-statements.js';
import type { PlanLine } from '../types.js';
import type { StatementPosition } from '../server/ddl-executor.js';
import type { RunContext } from './run-context.js';

/**
 * Runs a migration's statements one at a time (as MikroORM does without transactions), but
 * knows which statement failed, so the failure can be recorded and explained; and measures
 * each run for the run log. MikroORM keeps one runner for the migrator's life, so a run's
 * context is lent to it for the run's duration (`within`), never set field by field.
 */
export class StatementRunner extends MigrationRunner {
  #run?: RunContext;

  /** Runs `work` (MikroORM's run of the migrations) with this run's context. */
  async within<T>(context: RunContext, work: () => Promise<T>): Promise<T> {
    if (this.#run) {
      throw new Error('a migration run is already in progress on this migrator');
    }
    this.#run = context;
    try {
      return await work();
    } finally {
      this.#run = undefined;
    }
  }

  override async run(migration: Migration, method: 'up' | 'down', afterRun?: (tx?: Transaction) => Promise<void>) {
    const run = this.#run;
    if (!run) {
      throw new Error('a migration statement ran outside a run of the migrator (StatementRunner.within)');
    }
    const started = performance.now();
    migration.reset();
    await migration[method]();
    const statements = migration.getQueries().filter((sql) => typeof sql !== 'string' || sql.trim().length > 0);
    const name = migration.name ?? migration.constructor.name;
    const startAt = method === 'up' ? (run.resumeAt.get(name) ?? 1) : 1;
    const planned = method === 'up' ? (run.plan.get(name) ?? []) : [];
    await this.framing('beginning', run);
    await this.checkData(run, name, planned, startAt, statements.length);
    for (const [index, sql] of statements.entries()) {
      if (index + 1 < startAt) {
        continue;
      }
      const at = { migration: name, statement: index + 1, statements: statements.length, phase: run.phases.get(name) };
      if (method === 'up') {
        await run.progress.statementStarting(name, at.statement, at.statements);
      }
      const line = planned.find((item) => item.statement === at.statement);
      if (typeof sql === 'string') {
        await this.runStatement(run, at, sql, line, method);
      } else {
        // A query builder (MikroORM allows it in addSql): no plan, no pin, no retry.
        await this.driver.execute(sql).catch((error: Error) => {
          throw new MigrationFailedError(name, method, at.statement, at.statements, '(query builder)', error.message);
        });
      }
    }
    await this.framing('end', run);
    run.progress.ran(name, { statements: statements.length, durationMs: Math.round(performance.now() - started) });
    await afterRun?.();
  }

  private async runStatement(
    run: RunContext,
    at: StatementPosition,
    sql: string,
    line: PlanLine | undefined,
    method: 'up' | 'down',
  ): Promise<void> {
    const sent = line ? pinnedSql(line) : sql;
    const copied = line?.online ? asAlter(line.sql) : undefined;
    try {
      if (copied) {
        await run.onlineChange({ table: copied.table, clauses: copied.clauses.join(', '), sql, at });
      } else {
        await run.executor.run(sent, at, line);
      }
    } catch (error) {
      // Held back (lock wait, refusals) or an online copy that failed: already said where.
      if (error instanceof MigrationError) {
        throw error;
      }
      if (line?.clause && isAlgorithmRefusal(error)) {
        throw new PinnedDdlRefusedError(
          at.migration,
          at.statement,
          at.statements,
          sent,
          line.clause.toUpperCase(),
          (error as Error).message,
          at.phase,
        );
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationFailedError(at.migration, method, at.statement, at.statements, sql, reason);
    }
  }

  /**
   * The schema helper's session framing (foreign_key_checks). `set names <charset>` repeats what
   * every connection was opened with; sent before each migration it was one more round trip.
   */
  private async framing(part: 'beginning' | 'end', run: RunContext): Promise<void> {
    const helper = this.driver.getPlatform().getSchemaHelper()!;
    const charset = this.config.get('charset') ?? 'utf8mb4';
    const disabled = this.options.disableForeignKeys;
    const text = part === 'beginning' ? helper.getSchemaBeginning(charset, disabled) : helper.getSchemaEnd(disabled);
    for (const sql of text.split('\n').map((item) => item.trim())) {
      if (sql.length > 0 && sql !== `set names ${charset};`) {
        await run.executor.plain(sql);
      }
    }
  }

  /**
   * Before the first statement that will run: the rows already there must pass the plan's data
   * checks, or the migration is held back with nothing of it run.
   */
  private async checkData(
    run: RunContext,
    name: string,
    planned: readonly PlanLine[],
    startAt: number,
    statements: number,
  ): Promise<void> {
    if (run.checkedAtStart === name) {
      return;
    }
    const failures = await run.failedChecks(planned.filter((line) => line.statement >= startAt));
    if (failures.length > 0) {
      throw new DataCheckError(name, startAt, statements, failures, run.phases.get(name));
    }
  }
}
