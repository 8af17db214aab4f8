import type { MigrationInfo } from '@mikro-orm/core';
import type { Migrator } from '@mikro-orm/migrations';
import { StatementFailedError, StatementHeldBackError } from '../errors/index.js';
import type { EngineContext } from './engine-context.js';
import type { RunProgress, StatementRunStats } from './run-context.js';

/**
 * Follows one run of MikroORM's migrator: marks each statement of an `up` as running (so a
 * killed job is found out), records applied, reverted and failed migrations in the companion
 * table, and reports each as an event. It is the run's progress listener (run-context.ts) and
 * hears MikroORM's migrating/migrated events; nothing outside sets anything on it.
 */
export class RunRecorder implements RunProgress {
  private current = '';
  private readonly stats = new Map<string, StatementRunStats>();

  constructor(
    private readonly engine: EngineContext,
    /** MikroORM's migrator, whose migrating/migrated events say which migration runs. */
    private readonly migrator: Migrator,
    private readonly method: 'up' | 'down',
    /** Blocked migrations and the statement each resumes at. */
    private readonly resumeAt: ReadonlyMap<string, number> = new Map(),
  ) {}

  async around<T>(plan: string[], run: () => Promise<T>): Promise<T> {
    const { migrator } = this;
    const { settings } = this.engine;
    const [started, done] =
      this.method === 'up' ? (['migrating', 'migrated'] as const) : (['reverting', 'reverted'] as const);
    const onStart = (info: MigrationInfo) => this.started(info.name);
    const onDone = (info: MigrationInfo) => this.done(info.name);
    migrator.on(started, onStart).on(done, onDone);
    settings.onEvent({ type: 'run-started', direction: this.method, planned: plan });
    try {
      const result = await run();
      settings.onEvent({ type: 'run-finished', direction: this.method, outcome: 'ok' });
      return result;
    } catch (error) {
      await this.failed(error);
      settings.onEvent({ type: 'run-finished', direction: this.method, outcome: 'failed' });
      throw error;
    } finally {
      migrator.off(started, onStart).off(done, onDone);
    }
  }

  async statementStarting(name: string, statement: number, statements: number): Promise<void> {
    await this.engine.meta.save({
      name,
      status: 'running',
      checksum: null,
      statements,
      failedStatement: statement,
      error: null,
      durationMs: null,
    });
  }

  ran(name: string, stats: StatementRunStats): void {
    this.stats.set(name, stats);
  }

  private started(name: string): void {
    this.current = name;
  }

  private async done(name: string): Promise<void> {
    const { meta, settings, sources } = this.engine;
    const stats = this.stats.get(name) ?? { statements: 0, durationMs: 0 };
    if (this.method === 'up') {
      const sql = await sources.sqlToRun(name);
      await meta.save({
        name,
        status: 'applied',
        checksum: sql.checksum,
        statements: stats.statements,
        failedStatement: null,
        error: null,
        durationMs: stats.durationMs,
      });
    } else {
      await meta.remove(name);
    }
    const status = this.method === 'up' ? 'applied' : 'reverted';
    const resumedFrom = this.resumeAt.get(name);
    settings.onEvent({ type: 'migration-done', direction: this.method, name, status, ...stats, resumedFrom });
  }

  private async failed(error: unknown): Promise<void> {
    const name = this.current;
    if (!name) {
      return;
    }
    if (error instanceof StatementHeldBackError) {
      return this.blocked(name, error);
    }
    const statement = error instanceof StatementFailedError ? error : undefined;
    const message = error instanceof Error ? error.message : String(error);
    this.engine.settings.onEvent({
      type: 'migration-failed',
      direction: this.method,
      name,
      statement: statement?.statement,
      statements: statement?.statements ?? 0,
      error: message,
    });
    if (this.method === 'down') {
      return;
    }
    await this.engine.meta.save({
      name,
      status: 'failed',
      checksum: (await this.engine.sources.sqlNamed(name))?.checksum ?? null,
      statements: statement?.statements ?? null,
      failedStatement: statement?.statement ?? null,
      error: (statement?.reason ?? message).slice(0, 2000),
      durationMs: null,
    });
  }

  /**
   * A statement held back before it ran: nothing of the migration ran if it was its first
   * statement (it stays pending); otherwise the statements before it are committed and it is
   * recorded as blocked there, which `up` resumes.
   */
  private async blocked(name: string, error: StatementHeldBackError): Promise<void> {
    const { meta, settings, sources } = this.engine;
    const resumable = error.resumable;
    settings.onEvent({
      type: 'migration-blocked',
      direction: this.method,
      name,
      statement: error.statement,
      statements: error.statements,
      resumable,
      why: error.kind,
      phase: error.phase,
    });
    if (this.method === 'down') {
      return;
    }
    if (!resumable) {
      await meta.remove(name);
      return;
    }
    await meta.save({
      name,
      status: 'blocked',
      checksum: (await sources.sqlNamed(name))?.checksum ?? null,
      statements: error.statements,
      failedStatement: error.statement,
      error: error.summary.slice(0, 2000),
      durationMs: null,
    });
  }
}
