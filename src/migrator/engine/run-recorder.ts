import type { MigrationInfo } from '@mikro-orm/core';
import type { Migrator } from '@mikro-orm/migrations';
import { StatementFailedError, StatementHeldBackError } from '../errors/index.js';
import type { MigrationMetaStore } from '../state/migration-meta.js';
import type { MigratorSettings } from '../settings.js';
import type { MigrationFile, MigrationSql } from '../types.js';
import type { RunProgress, StatementRunStats } from './run-context.js';

interface RecorderParts {
  migrator: Migrator;
  meta: MigrationMetaStore;
  settings: MigratorSettings;
  sqlOf: (file: MigrationFile) => Promise<MigrationSql>;
}

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
    private readonly parts: RecorderParts,
    private readonly method: 'up' | 'down',
    private readonly files: Map<string, MigrationFile>,
    /** Blocked migrations and the statement each resumes at. */
    private readonly resumeAt: ReadonlyMap<string, number> = new Map(),
  ) {}

  async around<T>(plan: string[], run: () => Promise<T>): Promise<T> {
    const { migrator, settings } = this.parts;
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
    await this.parts.meta.save({
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
    const { meta, settings, sqlOf } = this.parts;
    const stats = this.stats.get(name) ?? { statements: 0, durationMs: 0 };
    if (this.method === 'up') {
      const sql = await sqlOf(this.files.get(name)!);
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
    this.parts.settings.onEvent({
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
    const file = this.files.get(name);
    await this.parts.meta.save({
      name,
      status: 'failed',
      checksum: file ? (await this.parts.sqlOf(file)).checksum : null,
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
    const { meta, settings, sqlOf } = this.parts;
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
    const file = this.files.get(name);
    await meta.save({
      name,
      status: 'blocked',
      checksum: file ? (await sqlOf(file)).checksum : null,
      statements: error.statements,
      failedStatement: error.statement,
      error: error.summary.slice(0, 2000),
      durationMs: null,
    });
  }
}
