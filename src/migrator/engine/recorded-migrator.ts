import type { MigrateOptions } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/sql';
import { MigrationLock } from '../server/migration-lock.js';
import { planServerOf } from '../server/server-info.js';
import { targetOf } from '../server/target.js';
import type { MigratorSettings } from '../settings.js';
import type { PlanServer } from '../sql/ddl-algorithms.js';
import { MigrationMetaStore } from '../state/migration-meta.js';
import { readMigrationSql } from '../state/migration-source.js';
import { findProblems } from '../state/problems.js';
import { asRunRequest, selectRun, type RunRequest, type RunSelection } from '../state/run-selection.js';
import { readTrackingRows, trackingTableOf } from '../state/tracking-table.js';
import type { MigrationFile, MigrationState, Problem } from '../types.js';
import type { EngineContext } from './engine-context.js';
import { inspectMigrations } from './inspection.js';
import { MigrationSources } from './migration-sources.js';
import { MigrationRecords } from './records.js';
import { renamePending } from './renamed-migration.js';
import { reportRefusals } from './report-refusals.js';

export type RunOptions = string | string[] | MigrateOptions | RunRequest;

/**
 * The lower floor of SafeMigrator: what the engine knows and records about migrations without
 * running one. It builds the engine's context (engine-context.ts), holds the migration lock and
 * the companion records, reads the state of every migration, and carries the commands that only
 * change records (stamp, log, unlog, resolve, rename, checksum repair), each under the lock.
 * Running and creating migrations is SafeMigrator's.
 */
export abstract class RecordedMigrator extends Migrator {
  /** The migration files and their SQL, read once (migration-sources.ts). */
  readonly sources: MigrationSources;
  protected readonly engine: EngineContext;
  protected readonly lock: MigrationLock;
  protected readonly records: MigrationRecords;
  private serverAnswer?: Promise<PlanServer>;

  constructor(
    em: EntityManager,
    protected readonly settings: MigratorSettings,
  ) {
    super(em);
    this.sources = new MigrationSources(
      () => this.discoverFiles(),
      (file) => readMigrationSql(file, this.driver, this.config),
    );
    this.engine = {
      settings,
      target: targetOf(this.config),
      sources: this.sources,
      meta: new MigrationMetaStore(this.driver),
      query: (sql, params) => this.driver.execute(sql, params ?? []),
      server: () => this.server(),
      foreignKeyChecks: !this.options.disableForeignKeys,
    };
    this.lock = new MigrationLock(
      this.engine.target,
      settings.lockTimeoutSeconds,
      settings.onEvent,
      settings.lockLeaseSeconds,
    );
    this.records = new MigrationRecords(this.engine, {
      logMigration: (migration) => this.storage.logMigration(migration),
      unlogMigration: (migration) => this.storage.unlogMigration(migration),
    });
  }

  /** Creating the tracking tables (and the database) happens under the lock, so parallel jobs cannot race on it. */
  protected override async init(): Promise<void> {
    if (this.initialized) {
      return;
    }
    await this.lock.hold(async () => {
      await super.init();
      await this.engine.meta.ensureTable();
    });
  }

  /** Migration files in migrations/, in the order they run, as MikroORM finds them. */
  private async discoverFiles(): Promise<MigrationFile[]> {
    await this.resolvePaths();
    const found = await this.discoverMigrations();
    return found.map((migration) => ({ name: migration.name, path: migration.path! }));
  }

  /** The state of every migration, read only: creates nothing, so the app's read-only user may call it. */
  inspect(): Promise<MigrationState> {
    return inspectMigrations(this.engine, {
      trackingRows: () => readTrackingRows(this.driver, trackingTableOf(this.config)),
      lockHolder: () => this.lock.heldElsewhere(this.engine.query),
    });
  }

  /** Every problem that blocks up/down; empty when all is well. */
  async verify(): Promise<Problem[]> {
    return findProblems(await this.inspect(), { allowOutOfOrder: this.settings.allowOutOfOrder });
  }

  /** What a run with these options touches (state/run-selection.ts); `contract` defaults to the settings. */
  select(method: 'up' | 'down', state: MigrationState, options?: RunOptions): RunSelection {
    const request = asRunRequest(options);
    return selectRun(method, state, { contract: this.settings.contract, ...request });
  }

  /** Which server the plan is made on (its grammar, version and cluster); asked once. */
  private server(): Promise<PlanServer> {
    this.serverAnswer ??= planServerOf(this.engine.query);
    return this.serverAnswer;
  }

  /** Records migrations up to `target` as applied without running them; `base` clears every record. */
  stamp(target: string): Promise<{ logged: string[]; unlogged: string[] }> {
    return this.exclusive(async () => this.records.stamp(await this.inspect(), target));
  }

  /** MikroORM's `migration:log`: under the lock, with the companion record, in production only with force. */
  override logMigration(name: string): Promise<void> {
    return this.exclusive(async () => this.records.logOne(await this.inspect(), name, 'log'));
  }

  /** MikroORM's `migration:unlog`: under the lock, in production only with force. */
  override unlogMigration(name: string): Promise<void> {
    return this.exclusive(async () => this.records.logOne(await this.inspect(), name, 'unlog'));
  }

  /** Ends the failed state of a migration after a manual fix. */
  resolveFailed(name: string, outcome: 'applied' | 'rolled-back'): Promise<void> {
    return this.exclusive(async () => this.records.resolveFailed(await this.inspect(), name, outcome));
  }

  /**
   * Gives a pending migration a new name (by default a new timestamp, now), its file, class and
   * `name` together; with its own name, makes a file's class agree with it (renamed-migration.ts).
   */
  rename(given: string, wanted?: string): Promise<{ from: string; to: string; path: string }> {
    return this.exclusive(async () => {
      const renamed = await renamePending(await this.inspect(), given, wanted);
      this.sources.forget();
      return renamed;
    });
  }

  /** Re-records the checksum of applied migrations whose files were edited on purpose. */
  repairChecksums(): Promise<string[]> {
    return this.exclusive(async () => this.records.repairChecksums(await this.inspect()));
  }

  /** Under the lock, with the tracking tables in place; an engine refusal reaches the host reported (report-refusals.ts). */
  protected exclusive<T>(work: () => Promise<T>): Promise<T> {
    return reportRefusals(this.settings, () =>
      this.lock.hold(async () => {
        await this.init();
        return work();
      }),
    );
  }
}
