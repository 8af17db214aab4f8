import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { MigrateOptions, MigrationInfo, MikroORM } from '@mikro-orm/core';
import { Migrator, type MigrationResult } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/sql';
import { breakingChanges } from '../sql/compat-lint.js';
import { runChecks } from '../plan/data-checks.js';
import type { PlanServer } from '../sql/ddl-algorithms.js';
import { planStatements } from '../plan/ddl-plan.js';
import { runOnlineChange, type OnlineChange } from '../server/online-change.js';
import { ExpandPhaseError, MigrationBlockedError, NotFailedError } from '../errors.js';
import { DdlExecutor } from '../server/ddl-executor.js';
import { DdlSession } from '../server/ddl-session.js';
import { MigrationLock } from '../server/migration-lock.js';
import { MigrationMetaStore, recordedAsApplied } from '../state/migration-meta.js';
import { readMigrationSql } from '../state/migration-source.js';
import { buildState, byState, filesOf, resumePoints, type TrackingRow } from '../state/migration-state.js';
import { findProblems } from '../state/problems.js';
import { ProductionGuard } from './production-guard.js';
import { longTransactions, preflight } from './preflight.js';
import { checkRoundTrip, type RoundTripMigration, type RoundTripResult } from '../plan/roundtrip.js';
import { RunRecorder } from './run-recorder.js';
import { isBase, planRun, requireKnown } from '../state/run-selection.js';
import { worded, type MigratorSettings } from '../settings.js';
import { splitBreaking, type MigrationBody } from '../sql/split-migration.js';
import { StatementRunner } from './statement-runner.js';
import { tableExists } from '../server/table-exists.js';
import type { Blocker, LockTarget, MigrationFile, MigrationSql, MigrationState, PlanLine, Problem } from '../types.js';

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
  private serverAnswer?: Promise<PlanServer>;

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

  /**
   * MikroORM's create, then: the part that breaks the running release split into a contract
   * migration when asked (settings.split), the files formatted, what breaks reported, and the
   * plan of the new statements against this database printed.
   */
  override async create(path?: string, blank?: boolean, initial?: boolean, name?: string): Promise<MigrationResult> {
    const result = await super.create(path, blank, initial, name);
    if (!result.fileName) {
      return result;
    }
    // Where MikroORM's generator wrote it (MigrationGenerator.generate).
    const folder =
      path ?? (this.options.emit === 'ts' && this.options.pathTs ? this.options.pathTs : this.options.path);
    const written = [resolve(this.config.get('baseDir'), folder!, result.fileName)];
    const parts = this.settings.split ? splitBreaking(result.diff) : undefined;
    if (parts) {
      written.push(...(await this.writeSplit(written[0], parts)));
    }
    for (const file of new Set(written)) {
      await this.settings.afterCreate?.(file);
    }
    const findings = breakingChanges(result.diff.up, result.diff.down);
    if (findings.length > 0) {
      const contractFile = parts ? written.at(-1)!.split(/[\\/]/).pop() : undefined;
      this.settings.onEvent({ type: 'destructive-created', file: result.fileName, findings, contractFile });
    }
    await this.planCreated(
      written.map((file) =>
        file
          .split(/[\\/]/)
          .pop()!
          .replace(/\.[jt]s$/, ''),
      ),
    );
    return result;
  }

  /**
   * Rewrites a generated file as its expand part and writes the contract part beside it, one
   * second later, so it sorts (and runs) after. A diff with nothing to expand becomes one
   * contract migration. Returns the contract file.
   */
  private async writeSplit(file: string, parts: { expand: MigrationBody; contract: MigrationBody }): Promise<string[]> {
    const markContract = (code: string) => code.replace(/(override name = '[^']+';\n)/, "$1\n  phase = 'contract';\n");
    const className = /^(Migration\d{14}\w*)/.exec(file.split(/[\\/]/).pop()!)![1];
    if (parts.expand.up.length === 0) {
      await writeFile(file, markContract(await readFile(file, 'utf8')));
      return [file];
    }
    await writeFile(file, await this.generator.generateMigrationFile(className, parts.expand));
    const [, stamp, suffix] = /^Migration(\d{14})(\w*)$/.exec(className)!;
    const next = new Date(
      Date.UTC(
        +stamp.slice(0, 4),
        +stamp.slice(4, 6) - 1,
        +stamp.slice(6, 8),
        +stamp.slice(8, 10),
        +stamp.slice(10, 12),
        +stamp.slice(12, 14) + 1,
      ),
    );
    const contractName = `Migration${next.toISOString().replace(/[-T:]|\.\d{3}Z$/g, '')}${suffix}`;
    const contractFile = join(dirname(file), `${contractName}${file.slice(file.lastIndexOf('.'))}`);
    await writeFile(
      contractFile,
      markContract(await this.generator.generateMigrationFile(contractName, parts.contract)),
    );
    return [contractFile];
  }

  /** The plan of freshly created migrations against this database, after whatever is pending before them. */
  private async planCreated(names: string[]): Promise<void> {
    try {
      this.sqlCache.clear();
      const state = await this.inspect();
      const pending = byState(state, 'pending').map((entry) => entry.name);
      const lines = (await this.planFor(pending, state, true)).filter((line) => names.includes(line.migration));
      if (lines.length > 0) {
        this.settings.onEvent({ type: 'plan', server: await this.serverName(), lines });
      }
    } catch (error) {
      this.settings.onEvent({ type: 'plan-unavailable', reason: (error as Error).message });
    }
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
    const phases = new Map<string, MigrationSql['phase']>();
    for (const file of files) {
      const sql = await this.sqlOf(file);
      checksums.set(file.name, sql.checksum);
      phases.set(file.name, sql.phase);
    }
    const state = buildState(files, checksums, await this.trackingRows(), await this.meta.all().catch(() => new Map()));
    state.entries.forEach((entry) => (entry.phase = phases.get(entry.name)));
    return state;
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
      const plan = method === 'up' ? await this.upTo(state, options) : planRun(method, state, options);
      await this.guard.checkRun(method, plan, state);
      const run = () =>
        this.recorder(method, state).around(plan, () => super.runMigrations(method, { migrations: plan }));
      if (plan.length === 0) {
        return run();
      }
      if (method === 'up') {
        await this.refuseBreakingExpands(plan, filesOf(state));
      }
      await preflight(this.settings, this.driver);
      const lines = method === 'up' ? await this.planForRun(plan, state) : undefined;
      return this.onDdlSession(run, lines);
    });
  }

  /**
   * The migrations `up` with these options applies: the pending ones, stopping before the first
   * contract migration unless contract migrations were asked for (`up --contract`).
   */
  async upPlan(
    state: MigrationState,
    options?: string | string[] | MigrateOptions,
    contract = this.settings.contract,
  ): Promise<{ apply: string[]; heldBack: string[] }> {
    const pending = planRun('up', state, options);
    if (contract) {
      return { apply: pending, heldBack: [] };
    }
    const files = filesOf(state);
    for (const [index, name] of pending.entries()) {
      if ((await this.sqlOf(files.get(name)!)).phase === 'contract') {
        return { apply: pending.slice(0, index), heldBack: pending.slice(index) };
      }
    }
    return { apply: pending, heldBack: [] };
  }

  private async upTo(state: MigrationState, options?: string | string[] | MigrateOptions): Promise<string[]> {
    const { apply, heldBack } = await this.upPlan(state, options);
    if (heldBack.length > 0) {
      this.settings.onEvent({ type: 'contract-pending', names: heldBack });
    }
    return apply;
  }

  /** Expand migrations must leave the running release working: what breaks it belongs in a contract migration. */
  private async refuseBreakingExpands(plan: string[], files: Map<string, MigrationFile>): Promise<void> {
    for (const name of plan) {
      const sql = await this.sqlOf(files.get(name)!);
      const findings = sql.phase === 'expand' ? breakingChanges(sql.up, sql.down) : [];
      if (findings.length > 0) {
        throw new ExpandPhaseError(name, findings);
      }
    }
  }

  /**
   * The server's plan for what this run will execute (ddl-plan.ts): printed before a production
   * run, checked by the size-aware guard, and what the runner pins each ALTER to. Without the
   * right to create its scratch database the plan cannot be made: production refuses, other
   * environments run unpinned after saying so.
   */
  async planFor(plan: string[], state: MigrationState, countChecks: boolean): Promise<PlanLine[]> {
    const files = filesOf(state);
    const resume = resumePoints(state);
    const migrations = [];
    for (const name of plan) {
      migrations.push({ migration: name, statements: (await this.sqlOf(files.get(name)!)).up, from: resume.get(name) });
    }
    const lines = await planStatements(this.target, await this.server(), migrations, {
      foreignKeyChecks: !this.options.disableForeignKeys,
      countChecks,
    });
    for (const line of lines) {
      if (line.algorithm === 'COPY' && (await this.sqlOf(files.get(line.migration)!)).online === 'pt-osc') {
        line.online = 'pt-osc';
        line.note =
          'copies the table online through pt-online-schema-change: triggers carry writes over; a brief lock at the swap';
      }
    }
    return lines;
  }

  private async planForRun(plan: string[], state: MigrationState): Promise<PlanLine[] | undefined> {
    let lines: PlanLine[];
    try {
      lines = await this.planFor(plan, state, false);
    } catch (error) {
      if (this.settings.production) {
        throw error;
      }
      this.settings.onEvent({ type: 'plan-unavailable', reason: (error as Error).message });
      return undefined;
    }
    if (this.settings.production) {
      this.settings.onEvent({ type: 'plan', server: await this.serverName(), lines });
      await this.guard.checkBlocking(plan, lines, filesOf(state));
    }
    return lines;
  }

  /** e.g. `mariadb 10.11.19`, as the plan event names the server. */
  private async serverName(): Promise<string> {
    const { flavor, version } = await this.server();
    return `${flavor} ${version.replace(/-MariaDB.*$/i, '')}`;
  }

  /** Which server the plan is made on (its grammar and version); asked once. */
  private server(): Promise<PlanServer> {
    this.serverAnswer ??= this.driver
      .execute<{ v: string }[]>('select version() as v')
      .then(([row]) => ({ flavor: /mariadb/i.test(String(row.v)) ? 'mariadb' : 'mysql', version: String(row.v) }));
    return this.serverAnswer;
  }

  /** The run's statements go through one session with short lock waits (ddl-session.ts). */
  private async onDdlSession<T>(work: () => Promise<T>, lines?: PlanLine[]): Promise<T> {
    const session = await DdlSession.open(this.target, this.settings.ddlLockWaitSeconds);
    const runner = this.runner as StatementRunner;
    runner.executor = new DdlExecutor(session, this.settings);
    runner.planned = lines ? Map.groupBy(lines, (line) => line.migration) : undefined;
    runner.countChecks = (checks) => runChecks((sql) => this.driver.execute(sql), checks);
    runner.onlineMigrations = new Set((lines ?? []).filter((line) => line.online).map((line) => line.migration));
    runner.onlineChange = (change, at) => this.onlineChange(change, at);
    try {
      return await work();
    } finally {
      runner.executor = undefined;
      runner.planned = undefined;
      runner.onlineMigrations = undefined;
      await session.close();
    }
  }

  /** One table copy through pt-online-schema-change, reported as it goes (online-change.ts). */
  private async onlineChange(change: OnlineChange, at: { migration: string; statement: number }): Promise<void> {
    const started = performance.now();
    const report = (stage: 'started' | 'output' | 'done', extra: { output?: string; durationMs?: number } = {}) =>
      this.settings.onEvent({ type: 'online-change', ...at, table: change.table, stage, ...extra });
    report('started');
    await runOnlineChange(this.target, change, {
      onOutput: (output) => report('output', { output }),
      lockWaitSeconds: this.settings.ddlLockWaitSeconds,
      flavor: (await this.server()).flavor,
      query: (sql, params) => this.driver.execute(sql, params),
    });
    report('done', { durationMs: Math.round(performance.now() - started) });
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

  /** Every migration file applied, reverted and re-applied in a scratch database (roundtrip.ts). */
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
