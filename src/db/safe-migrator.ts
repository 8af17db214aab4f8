import type { MigrateOptions, MigrationInfo, MikroORM } from '@mikro-orm/core';
import { Migrator, type MigrationResult } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/sql';
import type { MigrationConfig } from '../config/app-config.js';
import { formatFindings, lintMigration } from './destructive-lint.js';
import { describeLoss } from './loss-report.js';
import { MigrationLock } from './migration-lock.js';
import { MigrationMetaStore, recordedAsApplied } from './migration-meta.js';
import { readMigrationSql, type MigrationFile, type MigrationSql } from './migration-source.js';
import {
  blockingProblems,
  buildState,
  byState,
  filesOf,
  type MigrationState,
  type TrackingRow,
} from './migration-state.js';
import { isBase, planRun, requireKnown } from './run-plan.js';
import { RunReporter } from './run-reporter.js';
import { MigrationStatementError, StatementRunner } from './statement-runner.js';
import { tableExists } from './table-exists.js';

export interface SafeMigratorSettings extends MigrationConfig {
  production: boolean;
  /** Where the run log and warnings go (one line per call). */
  write: (line: string) => void;
}

/** A refused or failed migration command; its message says what happened and the way out. */
export class MigrationRefusedError extends Error {
  override name = 'MigrationRefusedError';
}

/**
 * MikroORM's Migrator with the guarantees MikroORM lacks, registered as the ORM's migrator so
 * `npx mikro-orm migration:*`, `npm run db -- …` and the migrate job share one code path:
 * a named lock around every change, checksums of applied migrations, a recorded failed state,
 * refusal of out-of-order, changed or missing migrations, destructive-change lint and
 * production guards, and a run log.
 */
export class SafeMigrator extends Migrator {
  private readonly lock: MigrationLock;
  private readonly meta: MigrationMetaStore;
  private readonly sqlCache = new Map<string, MigrationSql>();

  constructor(
    em: EntityManager,
    private readonly settings: SafeMigratorSettings,
  ) {
    super(em);
    this.meta = new MigrationMetaStore(this.driver);
    this.lock = new MigrationLock(
      {
        host: this.config.get('host'),
        port: this.config.get('port'),
        user: this.config.get('user'),
        password: String(this.config.get('password') ?? ''),
        database: this.config.get('dbName'),
      },
      settings.lockTimeoutSeconds,
      settings.write,
    );
  }

  /** The ORM extension; named 'Migrator' so MikroORM does not also register its own. */
  static extension(settings: SafeMigratorSettings) {
    return {
      name: 'Migrator',
      register(orm: MikroORM) {
        orm.config.registerExtension('@mikro-orm/migrator', () => new SafeMigrator(orm.em as EntityManager, settings));
      },
    };
  }

  protected override createRunner() {
    return new StatementRunner(this.driver, this.options, this.config);
  }

  private get runner_(): StatementRunner {
    return this.runner as StatementRunner;
  }

  /** Creating the tracking tables (and the database) happens under the lock, so parallel jobs cannot race on it. */
  protected override async init(): Promise<void> {
    if (this.initialized) {
      return;
    }
    await this.lock.hold(async () => {
      await super.init();
      await this.meta.ensureTable();
    });
  }

  override async create(path?: string, blank?: boolean, initial?: boolean, name?: string): Promise<MigrationResult> {
    const result = await super.create(path, blank, initial, name);
    if (result.fileName) {
      const findings = lintMigration(result.diff.up, result.diff.down);
      for (const line of formatFindings(result.fileName, findings)) {
        this.settings.write(`warning: destructive change: ${line}`);
      }
      if (findings.length > 0) {
        this.settings.write(
          'warning: review the migration; to apply it in production, add `allowDestructive = \'<reason>\'` to its class (docs/migrations.md, "Destructive changes")',
        );
      }
    }
    return result;
  }

  /** Migration files in migrations/, in the order they run. */
  async listFiles(): Promise<MigrationFile[]> {
    await this.resolvePaths();
    const found = await this.discoverMigrations();
    return found.map((migration) => ({ name: migration.name, path: migration.path! }));
  }

  async sqlOf(file: MigrationFile): Promise<MigrationSql> {
    let sql = this.sqlCache.get(file.name);
    if (!sql) {
      sql = await readMigrationSql(file, this.driver, this.config);
      this.sqlCache.set(file.name, sql);
    }
    return sql;
  }

  /** The state of every migration, read only: creates nothing, so the app's read-only user may call it. */
  async inspect(): Promise<MigrationState> {
    const files = await this.listFiles();
    const checksums = new Map<string, string>();
    for (const file of files) {
      checksums.set(file.name, (await this.sqlOf(file)).checksum);
    }
    return buildState(files, checksums, await this.trackingRows(), await this.meta.all().catch(() => new Map()));
  }

  /** Every problem that blocks up/down, with the way out; empty when all is well. */
  async verify(): Promise<string[]> {
    return blockingProblems(await this.inspect(), { allowOutOfOrder: this.settings.allowOutOfOrder });
  }

  protected override async runMigrations(
    method: 'up' | 'down',
    options?: string | string[] | MigrateOptions,
  ): Promise<MigrationInfo[]> {
    return this.lock.hold(async () => {
      await this.init();
      const state = await this.inspect();
      this.refuseOnProblems(state, method);
      await this.adoptChecksums(state);
      const plan = planRun(method, state, options);
      await this.guardProduction(method, plan, state);
      return this.execute(method, plan, filesOf(state));
    });
  }

  private refuseOnProblems(state: MigrationState, method: 'up' | 'down'): void {
    const problems = blockingProblems(state, { allowOutOfOrder: this.settings.allowOutOfOrder, method });
    if (problems.length > 0) {
      throw new MigrationRefusedError(`refusing to migrate ${method}:\n  - ${problems.join('\n  - ')}`);
    }
  }

  /** Migrations applied before checksums were kept get today's checksum as their baseline. */
  private async adoptChecksums(state: MigrationState): Promise<void> {
    for (const entry of byState(state, 'applied')) {
      if (entry.recordedChecksum === null && entry.checksum) {
        await this.meta.save({
          name: entry.name,
          status: 'applied',
          checksum: entry.checksum,
          statements: null,
          failedStatement: null,
          error: null,
          durationMs: null,
        });
      }
    }
  }

  private async guardProduction(method: 'up' | 'down', plan: string[], state: MigrationState): Promise<void> {
    if (!this.settings.production) {
      return;
    }
    const files = filesOf(state);
    if (method === 'up') {
      for (const name of plan) {
        const sql = await this.sqlOf(files.get(name)!);
        const findings = lintMigration(sql.up, sql.down);
        if (findings.length > 0 && !sql.destructiveReason) {
          throw new MigrationRefusedError(
            `refusing to apply ${name} in production: it has destructive statements:\n  - ` +
              `${formatFindings(name, findings).join('\n  - ')}\n` +
              `If this is intended, add \`allowDestructive = '<why>'\` to the migration class (docs/migrations.md, "Destructive changes").`,
          );
        }
        if (findings.length > 0) {
          this.settings.write(
            `note: ${name} runs destructive statements, allowed by its marker: ${sql.destructiveReason}`,
          );
        }
      }
      return;
    }
    const applied = byState(state, 'applied', 'missing-file');
    if (plan.length > 0 && plan.length === applied.length) {
      await this.requireForce(`migrate down to base (undo all ${plan.length} migrations)`, plan, files);
    }
  }

  private async requireForce(action: string, plan: string[], files: Map<string, MigrationFile>): Promise<void> {
    const downSql: string[] = [];
    for (const name of plan) {
      const file = files.get(name);
      downSql.push(...(file ? (await this.sqlOf(file)).down : []));
    }
    const loss = await describeLoss(this.driver, downSql);
    if (!this.settings.force) {
      throw new MigrationRefusedError(
        `refusing to ${action} in production without --force (DB_FORCE=true for the MikroORM CLI). It would lose: ${loss}`,
      );
    }
    this.settings.write(`--force given: about to ${action}; this loses: ${loss}`);
  }

  private async execute(
    method: 'up' | 'down',
    plan: string[],
    files: Map<string, MigrationFile>,
  ): Promise<MigrationInfo[]> {
    const reporter = new RunReporter(this.settings.logFormat, this.settings.write);
    let current = '';
    const onStart = ({ name }: MigrationInfo) => {
      current = name;
      this.runner_.onStatement =
        method === 'up'
          ? (statement, statements) =>
              this.meta.save({
                name,
                status: 'running',
                checksum: null,
                statements,
                failedStatement: statement,
                error: null,
                durationMs: null,
              })
          : undefined;
    };
    const onDone = async ({ name }: MigrationInfo) => {
      const stats = this.runner_.lastRun!;
      if (method === 'up') {
        const sql = await this.sqlOf(files.get(name)!);
        await this.meta.save({
          name,
          status: 'applied',
          checksum: sql.checksum,
          statements: stats.statements,
          failedStatement: null,
          error: null,
          durationMs: stats.durationMs,
        });
      } else {
        await this.meta.remove(name);
      }
      reporter.migration({ direction: method, name, status: method === 'up' ? 'applied' : 'reverted', ...stats });
    };
    const [started, done] =
      method === 'up' ? (['migrating', 'migrated'] as const) : (['reverting', 'reverted'] as const);
    this.on(started, onStart).on(done, onDone);
    try {
      const result = await super.runMigrations(method, { migrations: plan });
      reporter.summary(method, 'ok');
      return result;
    } catch (error) {
      await this.recordFailure(method, current, error, reporter, files);
      reporter.summary(method, 'failed');
      throw error instanceof MigrationStatementError ? new MigrationRefusedError(error.help()) : error;
    } finally {
      this.off(started, onStart).off(done, onDone);
    }
  }

  private async recordFailure(
    method: 'up' | 'down',
    name: string,
    error: unknown,
    reporter: RunReporter,
    files: Map<string, MigrationFile>,
  ): Promise<void> {
    if (!name) {
      return;
    }
    const statement = error instanceof MigrationStatementError ? error : undefined;
    const message = error instanceof Error ? error.message : String(error);
    reporter.migration({
      direction: method,
      name,
      status: 'failed',
      statements: statement?.statements ?? 0,
      durationMs: 0,
      failedStatement: statement?.statement,
      error: message,
    });
    if (method === 'down') {
      return;
    }
    const file = files.get(name);
    await this.meta.save({
      name,
      status: 'failed',
      checksum: file ? (await this.sqlOf(file)).checksum : null,
      statements: statement?.statements ?? null,
      failedStatement: statement?.statement ?? null,
      error: (statement?.reason ?? message).slice(0, 2000),
      durationMs: null,
    });
  }

  /** Records migrations up to `target` as applied without running them; `base` clears every record. */
  async stamp(target: string): Promise<{ logged: string[]; unlogged: string[] }> {
    return this.lock.hold(async () => {
      await this.init();
      const state = await this.inspect();
      const last = isBase(target) ? undefined : target === 'head' ? undefined : requireKnown(state, target);
      const wanted = new Set(
        isBase(target)
          ? []
          : state.entries.filter((entry) => entry.path && (!last || entry.name <= last)).map((entry) => entry.name),
      );
      const recorded = byState(state, 'applied', 'missing-file').map((entry) => entry.name);
      const unlog = recorded.filter((name) => !wanted.has(name));
      const log = [...wanted].filter((name) => !recorded.includes(name));
      const files = filesOf(state);
      if (this.settings.production) {
        await this.requireForce(`stamp ${target} (${log.length} to record, ${unlog.length} to forget)`, [], files);
      }
      for (const name of unlog) {
        await this.storage.unlogMigration({ name });
        await this.meta.remove(name);
      }
      for (const name of log) {
        await this.storage.logMigration({ name });
        await this.saveStamped(name, files.get(name)!);
      }
      for (const entry of byState(state, 'failed').filter((item) => !wanted.has(item.name))) {
        await this.meta.remove(entry.name);
      }
      return { logged: log, unlogged: unlog };
    });
  }

  /** Ends the failed state of a migration after a manual fix. */
  async resolveFailed(name: string, outcome: 'applied' | 'rolled-back'): Promise<void> {
    await this.lock.hold(async () => {
      await this.init();
      const state = await this.inspect();
      const known = requireKnown(state, name);
      const entry = state.entries.find((item) => item.name === known)!;
      if (entry.state !== 'failed') {
        throw new MigrationRefusedError(
          `migration ${known} is ${entry.state}, not failed: there is nothing to resolve`,
        );
      }
      if (outcome === 'rolled-back') {
        await this.meta.remove(known);
        return;
      }
      await this.storage.logMigration({ name: known });
      await this.saveStamped(known, { name: known, path: entry.path! });
    });
  }

  /** Re-records the checksum of applied migrations whose files were edited on purpose. */
  async repairChecksums(): Promise<string[]> {
    return this.lock.hold(async () => {
      await this.init();
      const state = await this.inspect();
      const repaired: string[] = [];
      for (const entry of byState(state, 'applied').filter((item) => item.checksumChanged)) {
        await this.saveStamped(entry.name, { name: entry.name, path: entry.path! });
        repaired.push(entry.name);
      }
      return repaired;
    });
  }

  private async saveStamped(name: string, file: MigrationFile): Promise<void> {
    await this.meta.save(recordedAsApplied(name, await this.sqlOf(file)));
  }

  private async trackingRows(): Promise<TrackingRow[]> {
    const table = this.options.tableName ?? 'mikro_orm_migrations';
    if (!(await tableExists(this.driver, table))) {
      return [];
    }
    const rows = await this.driver.execute<{ name: string; executed_at: string | Date }[]>(
      `select \`name\`, \`executed_at\` from \`${table}\` order by \`id\``,
    );
    return rows.map((row) => ({ name: row.name.replace(/\.[jt]s$/, ''), executedAt: String(row.executed_at) }));
  }
}
