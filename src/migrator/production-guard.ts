import type { AbstractSqlDriver } from '@mikro-orm/sql';
import { lintMigration } from './destructive-lint.js';
import { DestructiveMigrationError, ForceRequiredError } from './errors.js';
import { describeLoss } from './loss-report.js';
import type { MigrationFile, MigrationSql } from './migration-source.js';
import { byState, filesOf, type MigrationState } from './migration-state.js';
import type { MigratorSettings } from './settings.js';

/**
 * In production: destructive migrations need their `allowDestructive` marker, and what loses
 * data (down to base, stamp) needs force, after saying what it would lose.
 */
export class ProductionGuard {
  constructor(
    private readonly settings: MigratorSettings,
    private readonly driver: AbstractSqlDriver,
    private readonly sqlOf: (file: MigrationFile) => Promise<MigrationSql>,
  ) {}

  async checkRun(method: 'up' | 'down', plan: string[], state: MigrationState): Promise<void> {
    if (!this.settings.production) {
      return;
    }
    const files = filesOf(state);
    if (method === 'up') {
      for (const name of plan) {
        const sql = await this.sqlOf(files.get(name)!);
        const findings = lintMigration(sql.up, sql.down);
        if (findings.length > 0 && !sql.destructiveReason) {
          throw new DestructiveMigrationError(name, findings);
        }
        if (findings.length > 0) {
          this.settings.onEvent({ type: 'destructive-allowed', name, reason: sql.destructiveReason! });
        }
      }
      return;
    }
    const applied = byState(state, 'applied', 'missing-file');
    if (plan.length > 0 && plan.length === applied.length) {
      await this.requireForce(`migrate down to base (undo all ${plan.length} migrations)`, plan, files);
    }
  }

  /** Throws ForceRequiredError unless forced; when forced, reports what is lost and lets it go on. */
  async requireForce(action: string, plan: string[], files: Map<string, MigrationFile>): Promise<void> {
    if (!this.settings.production) {
      return;
    }
    const downSql: string[] = [];
    for (const name of plan) {
      const file = files.get(name);
      downSql.push(...(file ? (await this.sqlOf(file)).down : []));
    }
    const loss = await describeLoss(this.driver, downSql);
    if (!this.settings.force) {
      throw new ForceRequiredError(action, loss, 'flag');
    }
    this.settings.onEvent({ type: 'forced', action, loss, via: 'flag' });
  }
}
