import { resolve } from 'node:path';
import type { MigrateOptions, MigrationInfo, MikroORM } from '@mikro-orm/core';
import { Migrator, type MigrationResult } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/sql';
import { lintMigration } from './destructive-lint.js';
import { MigrationBlockedError, NotFailedError } from './errors.js';
import type { Blocker } from './blockers.js';
import { DdlExecutor } from './ddl-executor.js';
import { DdlSession } from './ddl-session.js';
import { MigrationLock, type LockTarget } from './migration-lock.js';
import { MigrationMetaStore, recordedAsApplied } from './migration-meta.js';
import { readMigrationSql, type MigrationFile, type MigrationSql } from './migration-source.js';
import {
  buildState,
  byState,
  filesOf,
  resumePoints,
  type MigrationState,
  type TrackingRow,
} from './migration-state.js';
import { findProblems, type Problem } from './problems.js';
import { ProductionGuard } from './production-guard.js';
import { longTransactions, preflight } from './preflight.js';
import { RunRecorder } from './run-recorder.js';
import { isBase, planRun, requireKnown } from './run-plan.js';
import { worded, type MigratorSettings } from './settings.js';
import { StatementRunner } from './statement-runner.js';
import { tableExists } from './table-exists.js';

/**
 * MikroORM's Migrator with the guarantees MikroORM lacks, registered as the ORM's migrator so
 * `npx mikro-orm migration:*`, the `db` command and the migrate job share one code path:
 * a named lock around every change, checksums of applied migrations, a recorded failed state,
 * refusal of out-of-order, changed or missing migrations, destructive-change lint and
 * production guards. What happens is reported as events (settings.onEvent).
 */
export class SafeMigrator extends Migrator {
  private readonly lock: MigrationLock;
  private readonly meta: MigrationMetaStore;
  private readonly guard: ProductionGuard;
  private readonly sqlCache = new Map<string, MigrationSql>();
  private readonly target: LockTarget;

  constructor(
    em: EntityManager,
    private readonly settings: MigratorSettings,
  ) {
    super(em);
    this.meta = new MigrationMetaStore(this.driver);
    this.guard = new ProductionGuard(settings, this.driver, (file) => this.sqlOf(file));
    this.target = {
      host: this.config.get('host'),
      port: this.config.get('port'),
      user: this.config.get('user'),
      password: String(this.config.get('password') ?? ''),
      database: this.config.get('dbName'),
    };
    this.lock = new MigrationLock(this.target, settings.lockTimeoutSeconds, settings.onEvent);
  }

  /** The ORM extension; named 'Migrator' so MikroORM does not also register its own. */
  static extension(settings: MigratorSettings) {
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
    if (result.fileName && this.settings.afterCreate) {
      // Where MikroORM's generator wrote it (MigrationGenerator.generate).
      const folder =
        path ?? (this.options.emit === 'ts' && this.options.pathTs ? this.options.pathTs : this.options.path);
      await this.settings.afterCreate(resolve(this.config.get('baseDir'), folder!, result.fileName));
    }
    if (result.fileName) {
      const findings = lintMigration(result.diff.up, result.diff.down);
      if (findings.length > 0) {
        this.settings.onEvent({ type: 'destructive-created', file: result.fileName, findings });
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

  /** Every problem that blocks up/down; empty when all is well. */
  async verify(): Promise<Problem[]> {
    return findProblems(await this.inspect(), { allowOutOfOrder: this.settings.allowOutOfOrder });
  }

  protected override async runMigrations(
    method: 'up' | 'down',
    options?: string | string[] | MigrateOptions,
  ): Promise<MigrationInfo[]> {
    return this.exclusive(async () => {
      const state = await this.inspect();
      const problems = findProblems(state, { allowOutOfOrder: this.settings.allowOutOfOrder, method });
      if (problems.length > 0) {
        throw new MigrationBlockedError(method, problems);
      }
      await this.adoptChecksums(state);
      const plan = planRun(method, state, options);
      await this.guard.checkRun(method, plan, state);
      const run = () =>
        this.recorder(method, state).around(plan, () => super.runMigrations(method, { migrations: plan }));
      if (plan.length === 0) {
        return run();
      }
      await preflight(this.settings, this.driver);
      return this.onDdlSession(run);
    });
  }

  /** The run's statements go through one session with short lock waits (ddl-session.ts). */
  private async onDdlSession<T>(work: () => Promise<T>): Promise<T> {
    const session = await DdlSession.open(this.target, this.settings.ddlLockWaitSeconds);
    const runner = this.runner as StatementRunner;
    runner.executor = new DdlExecutor(session, this.settings);
    try {
      return await work();
    } finally {
      runner.executor = undefined;
      await session.close();
    }
  }

  private recorder(method: 'up' | 'down', state: MigrationState): RunRecorder {
    return new RunRecorder(
      {
        migrator: this,
        runner: this.runner as StatementRunner,
        meta: this.meta,
        settings: this.settings,
        sqlOf: (file) => this.sqlOf(file),
      },
      method,
      filesOf(state),
      method === 'up' ? resumePoints(state) : new Map<string, number>(),
    );
  }

  /** Transactions open longer than the configured threshold: a DDL statement would wait for them. */
  longTransactions(): Promise<Blocker[]> {
    return longTransactions(this.driver, this.settings.longTransactionSeconds);
  }

  /** Under the lock, with the tracking tables in place; an engine error leaves worded for the host. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    return worded(this.settings, () =>
      this.lock.hold(async () => {
        await this.init();
        return work();
      }),
    );
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

  /** Records migrations up to `target` as applied without running them; `base` clears every record. */
  async stamp(target: string): Promise<{ logged: string[]; unlogged: string[] }> {
    return this.exclusive(async () => {
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
      await this.guard.requireForce(`stamp ${target} (${log.length} to record, ${unlog.length} to forget)`, [], files);
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
    await this.exclusive(async () => {
      const state = await this.inspect();
      const known = requireKnown(state, name);
      const entry = state.entries.find((item) => item.name === known)!;
      if (entry.state !== 'failed') {
        throw new NotFailedError(known, entry.state);
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
    return this.exclusive(async () => {
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
