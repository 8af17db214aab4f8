import { dirname, extname, resolve } from 'node:path';
import type { MigrateOptions, MigrationInfo, MikroORM } from '@mikro-orm/core';
import { Migrator, type MigrationResult } from '@mikro-orm/migrations';
import type { DatabaseSchema, EntityManager, SqlSchemaGenerator } from '@mikro-orm/sql';
import type { BeforeRunContext, Query } from '../gates/gate.js';
import { runGates } from '../gates/gates.js';
import { checkRoundTrip, type RoundTripMigration, type RoundTripResult } from '../plan/roundtrip.js';
import { MigrationLock } from '../server/migration-lock.js';
import { flavorOf } from '../server/server-info.js';
import { clusterSessionOf } from '../server/cluster-session.js';
import { targetOf } from '../server/target.js';
import { worded, type MigratorSettings } from '../settings.js';
import type { PlanServer } from '../sql/ddl-algorithms.js';
import { MigrationMetaStore, type MetaRow } from '../state/migration-meta.js';
import { readMigrationSql } from '../state/migration-source.js';
import { buildState, byState, filesOf, resumePoints } from '../state/migration-state.js';
import { findProblems } from '../state/problems.js';
import { asRunRequest, requireKnown, selectRun, type RunRequest, type RunSelection } from '../state/run-selection.js';
import { RenameRefusedError } from '../errors/index.js';
import { newNameFor, renameMigrationFile } from './renamed-migration.js';
import { readTrackingRows, trackingTableOf } from '../state/tracking-table.js';
import type { Blocker, LockTarget, MigrationFile, MigrationSql, MigrationState, PlanLine, Problem } from '../types.js';
import { finishCreated, splitExisting, type GenerateFile } from './created-migrations.js';
import { beforeCreate, refuseFailingPlan, type CreationParts } from './creation.js';
import { replaySchema } from './schema-replay.js';
import { MigrationSnapshot } from './snapshot.js';
import { longTransactions, reportLongTransactions } from './preflight.js';
import { MigrationRecords } from './records.js';
import { announceCreatedPlan, planFor, planForRun, type PlanningParts } from './run-planning.js';
import { RunRecorder } from './run-recorder.js';
import { withRunSession } from './run-session.js';
import { StatementRunner } from './statement-runner.js';
import { recoverInterrupted } from './interrupted-run.js';

type RunOptions = string | string[] | MigrateOptions | RunRequest;

/**
 * MikroORM's Migrator with the guarantees MikroORM lacks, registered as the ORM's migrator so
 * `npx mikro-orm migration:*`, the `db` command and the migrate job share one code path:
 * a named lock around every change, checksums of applied migrations, a recorded failed state,
 * refusal of out-of-order, changed or missing migrations, the server's plan with pinned ALTERs,
 * destructive-change lint and production guards. What happens is reported as events.
 */
export class SafeMigrator extends Migrator {
  private readonly lock: MigrationLock;
  private readonly meta: MigrationMetaStore;
  private readonly records: MigrationRecords;
  private readonly sqlCache = new Map<string, MigrationSql>();
  private readonly target: LockTarget;
  private serverAnswer?: Promise<PlanServer>;

  constructor(
    em: EntityManager,
    private readonly settings: MigratorSettings,
  ) {
    super(em);
    this.target = targetOf(this.config);
    this.meta = new MigrationMetaStore(this.driver);
    this.lock = new MigrationLock(
      this.target,
      settings.lockTimeoutSeconds,
      settings.onEvent,
      settings.lockLeaseSeconds,
    );
    this.records = new MigrationRecords(
      { logMigration: (m) => this.storage.logMigration(m), unlogMigration: (m) => this.storage.unlogMigration(m) },
      this.meta,
      settings,
      (file) => this.sqlOf(file),
      (sql, params) => this.driver.execute(sql, params ?? []),
    );
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

  private get statementRunner(): StatementRunner {
    if (!(this.runner instanceof StatementRunner)) {
      throw new Error('the migrator was built without its statement runner');
    }
    return this.runner;
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

  /** What turns a body into a migration file: MikroORM's own generator, as migration:create uses it. */
  private readonly generateFile: GenerateFile = async (className, body) =>
    this.generator.generateMigrationFile(className, body);

  /**
   * MikroORM's create, checked first against the snapshot (creation.ts), then the split, formatting
   * and warnings (created-migrations.ts) and the new files' plan; refused, with nothing kept, when
   * that plan already shows a statement failing.
   */
  override async create(path?: string, blank?: boolean, initial?: boolean, name?: string): Promise<MigrationResult> {
    return worded(this.settings, async () => {
      const undo = blank || initial ? undefined : await beforeCreate(this.creationParts());
      const result = await super.create(path, blank, initial, name);
      if (!result.fileName) {
        return result;
      }
      const file = resolve(this.config.get('baseDir'), path ?? this.folder(), result.fileName);
      const written = await finishCreated(this.settings, result, file, this.generateFile);
      const lines = await this.planCreated(written);
      if (undo) {
        const paths = written.map((written) => resolve(dirname(file), `${written}${extname(file)}`));
        await refuseFailingPlan(lines, { names: written, paths }, undo);
      }
      return result;
    });
  }

  /** Where MikroORM's generator writes files and the snapshot (MigrationGenerator.generate, getSnapshotPath). */
  private folder(): string {
    return (this.options.emit === 'ts' && this.options.pathTs ? this.options.pathTs : this.options.path)!;
  }

  private creationParts(): CreationParts {
    return {
      settings: this.settings,
      snapshot: this.snapshot,
      listFiles: () => this.listFiles(),
      inspect: () => this.inspect(),
    };
  }

  /** migrations/.snapshot.json against what the migration files build (snapshot.ts). */
  get snapshot(): MigrationSnapshot {
    const generator = this.config.getExtension<SqlSchemaGenerator>('@mikro-orm/schema-generator')!;
    const dbName = this.config.get('dbName');
    const file = `${this.options.snapshotName ?? `.snapshot-${dbName}`}.json`;
    return new MigrationSnapshot({
      path: resolve(this.config.get('baseDir'), this.folder(), file),
      generator,
      platform: this.driver.getPlatform(),
      read: () => this.getSchemaFromSnapshot(),
      replayFiles: () => this.replayed('files'),
      target: () => generator.getTargetSchema(),
      store: (schema) => this.storeCurrentSchema(schema),
    });
  }

  /** What the migration files build, replayed in a scratch database: all of them, or those applied here. */
  async replayed(which: 'files' | 'applied'): Promise<DatabaseSchema> {
    let files = await this.listFiles();
    if (which === 'applied') {
      const applied = new Set(byState(await this.inspect(), 'applied').map((entry) => entry.name));
      files = files.filter((file) => applied.has(file.name));
    }
    const migrations = [];
    for (const file of files) {
      migrations.push({ name: file.name, up: (await this.sqlOf(file)).up });
    }
    return replaySchema(this.config, this.target, migrations);
  }

  /**
   * MikroORM's `migration:check`: whether the entities have changes that no migration file holds,
   * applied or pending (snapshot.ts), rather than changes the snapshot lacks.
   */
  override async checkSchema(): Promise<boolean> {
    return (await this.snapshot.entityChanges()).length > 0;
  }

  /** `db split`: a pending file rewritten as expand + contract, with their plan; the names written (created-migrations.ts). */
  async split(file: MigrationFile): Promise<string[]> {
    const sql = await this.sqlOf(file);
    const written = await splitExisting(this.settings, file.path, sql, this.generateFile);
    if (written.length > 0) {
      await this.planCreated(written);
    }
    return written;
  }

  /** The plan of freshly created migrations, after whatever is pending before them (run-planning.ts). */
  private async planCreated(names: string[]): Promise<PlanLine[]> {
    this.sqlCache.clear();
    return announceCreatedPlan(this.planning(), names, () => this.inspect());
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
    const sources = new Map<string, MigrationSql>();
    for (const file of files) {
      sources.set(file.name, await this.sqlOf(file));
    }
    const checksums = new Map([...sources].map(([name, sql]) => [name, sql.checksum]));
    const tracking = await readTrackingRows(this.driver, trackingTableOf(this.config));
    const meta = await this.meta.all().catch(() => new Map<string, MetaRow>());
    // A record left `running` is a run in progress while another connection holds the lock.
    const running = [...meta.values()].some((row) => row.status === 'running');
    const lockHolder = running
      ? await this.lock.heldElsewhere((sql, params) => this.driver.execute(sql, params))
      : null;
    const state = buildState(files, checksums, tracking, meta, { lockHolder });
    return {
      ...state,
      entries: state.entries.map((entry) => {
        const source = sources.get(entry.name);
        return { ...entry, phase: source?.phase, className: source?.className };
      }),
    };
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

  /**
   * MikroORM's up() and down() land here, whichever caller: the gates (gates/gates.ts), then the
   * planned, recorded run. Every refusal comes before the run's first statement.
   */
  protected override async runMigrations(method: 'up' | 'down', options?: RunOptions): Promise<MigrationInfo[]> {
    await worded(this.settings, () => runGates('before-lock', { method, settings: this.settings }));
    let heldBack: string[] = [];
    const done = await this.exclusive(async () => {
      if (method === 'up') {
        await this.recoverTakenOver();
      }
      const context = await this.gateContext(method, await this.inspect(), options);
      await runGates('before-run', context);
      const { state, selection } = context;
      await this.records.adoptChecksums(state);
      const names = selection.run;
      heldBack = selection.heldBack;
      if (heldBack.length > 0) {
        this.settings.onEvent({ type: 'contract-pending', names: heldBack, deployFirst: selection.deployFirst });
      }
      const byFile = [...names].sort().reverse();
      if (method === 'down' && names.some((name, index) => name !== byFile[index])) {
        this.settings.onEvent({ type: 'down-order', names });
      }
      if (selection.freshContracts?.length) {
        this.settings.onEvent({ type: 'fresh-database', contracts: selection.freshContracts });
      }
      const recorder = new RunRecorder(
        { migrator: this, meta: this.meta, settings: this.settings, sqlOf: (file) => this.sqlOf(file) },
        method,
        filesOf(state),
        method === 'up' ? resumePoints(state) : new Map<string, number>(),
      );
      const migrateOnly = () => super.runMigrations(method, { migrations: names });
      if (names.length === 0) {
        return recorder.around(names, migrateOnly);
      }
      await reportLongTransactions(this.settings, this.driver);
      const plan = method === 'up' ? await planForRun(this.planning(), names, state) : [];
      await runGates('after-plan', { ...context, plan });
      const session = {
        target: this.target,
        settings: this.settings,
        driver: this.driver,
        server: await this.server(),
        runner: this.statementRunner,
      };
      return withRunSession(session, method, state, plan, recorder, () => recorder.around(names, migrateOnly));
    });
    if (heldBack.length > 0) {
      // The run log has said what waits; a host CLI would go on to claim it migrated to the latest.
      this.settings.exitWhenHeldBack?.();
    }
    return done;
  }

  /** What the gates read of a run: its state, its selection and the SQL of what it touches. */
  private async gateContext(
    method: 'up' | 'down',
    state: MigrationState,
    options?: RunOptions,
  ): Promise<BeforeRunContext> {
    const selection = this.select(method, state, options);
    const files = filesOf(state);
    const migrations = [];
    for (const name of selection.run) {
      const file = files.get(name);
      migrations.push({ name, sql: file && (await this.sqlOf(file)) });
    }
    const query: Query = (sql, params) => this.driver.execute(sql, params ?? []);
    return { method, settings: this.settings, state, selection, migrations, query };
  }

  /** A run that took the lock over from a gone holder first settles where that holder's migration resumes. */
  private async recoverTakenOver(): Promise<void> {
    if (!this.lock.tookOver) {
      return;
    }
    this.lock.tookOver = undefined;
    await recoverInterrupted({
      target: this.target,
      flavor: (await this.server()).flavor,
      meta: this.meta,
      files: await this.listFiles(),
      sqlOf: (file) => this.sqlOf(file),
      settings: this.settings,
    });
  }

  /** The server's plan of what these migrations will do (run-planning.ts). */
  planFor(names: string[], state: MigrationState, countChecks: boolean): Promise<PlanLine[]> {
    return planFor(this.planning(), names, state, countChecks);
  }

  private planning(): PlanningParts {
    return {
      target: this.target,
      server: () => this.server(),
      sqlOf: (file) => this.sqlOf(file),
      foreignKeyChecks: !this.options.disableForeignKeys,
      settings: this.settings,
    };
  }

  /** Which server the plan is made on (its grammar and version); asked once. */
  private server(): Promise<PlanServer> {
    this.serverAnswer ??= this.driver.execute<{ v: string }[]>('select version() as v').then(async ([row]) => ({
      flavor: flavorOf(String(row.v)),
      version: String(row.v),
      cluster: (await clusterSessionOf((sql) => this.driver.execute(sql)))?.kind,
    }));
    return this.serverAnswer;
  }

  /** Every migration file applied, reverted and re-applied in a scratch database (plan/roundtrip.ts). */
  async roundTrip(): Promise<RoundTripResult[]> {
    const migrations: RoundTripMigration[] = [];
    for (const file of await this.listFiles()) {
      const sql = await this.sqlOf(file);
      migrations.push({ name: file.name, up: sql.up, down: sql.down });
    }
    return worded(this.settings, () => checkRoundTrip(this.target, migrations));
  }

  /** Transactions open longer than the configured threshold: a DDL statement would wait for them. */
  longTransactions(): Promise<Blocker[]> {
    return longTransactions(this.driver, this.settings.longTransactionSeconds);
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
      const state = await this.inspect();
      const known = state.entries.map((entry) => entry.name);
      const entry = state.entries.find((candidate) => candidate.name === requireKnown(state, given))!;
      if (!entry.path) {
        throw new RenameRefusedError(entry.name, 'its file is missing');
      }
      const to = newNameFor(entry, known, wanted, new Date());
      const path = await renameMigrationFile({ name: entry.name, path: entry.path }, to);
      this.sqlCache.clear();
      return { from: entry.name, to, path };
    });
  }

  /** Re-records the checksum of applied migrations whose files were edited on purpose. */
  repairChecksums(): Promise<string[]> {
    return this.exclusive(async () => this.records.repairChecksums(await this.inspect()));
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
}
