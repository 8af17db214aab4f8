import { dirname, extname, resolve } from 'node:path';
import type { MigrationInfo, MikroORM } from '@mikro-orm/core';
import type { MigrationResult } from '@mikro-orm/migrations';
import type { DatabaseSchema, EntityManager, SqlSchemaGenerator } from '@mikro-orm/sql';
import { runGates } from '../gates/gates.js';
import { checkRoundTrip, type RoundTripMigration, type RoundTripResult } from '../plan/roundtrip.js';
import type { MigratorSettings } from '../settings.js';
import { byState, resumePoints } from '../state/migration-state.js';
import type { Blocker, MigrationFile, MigrationState, PlanLine } from '../types.js';
import { finishCreated, splitExisting, type GenerateFile } from './created-migrations.js';
import { beforeCreate, pendingNames, refuseFailingPlan, requireUsableSnapshot, warnCreatedBehind } from './creation.js';
import { recoverInterrupted } from './interrupted-run.js';
import { longTransactions, reportLongTransactions } from './preflight.js';
import { RecordedMigrator, type RunOptions } from './recorded-migrator.js';
import { reportRefusals } from './report-refusals.js';
import { announceSelection, gateContextFor } from './run-gating.js';
import { announceCreatedPlan, planFor, planForRun } from './run-planning.js';
import { RunRecorder } from './run-recorder.js';
import { withRunSession } from './run-session.js';
import { replaySchema } from './schema-replay.js';
import { MigrationSnapshot } from './snapshot.js';
import { StatementRunner } from './statement-runner.js';

/**
 * MikroORM's Migrator with the guarantees MikroORM lacks, registered as the ORM's migrator so
 * `npx mikro-orm migration:*`, the `db` command and the migrate job share one code path:
 * a named lock around every change, checksums of applied migrations, a recorded failed state,
 * refusal of out-of-order, changed or missing migrations, the server's plan with pinned ALTERs,
 * destructive-change lint and production guards. What happens is reported as events.
 */
export class SafeMigrator extends RecordedMigrator {
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

  /** What turns a body into a migration file: MikroORM's own generator, as migration:create uses it. */
  private readonly generateFile: GenerateFile = async (className, body) =>
    this.generator.generateMigrationFile(className, body);

  /**
   * MikroORM's create, checked first against the snapshot (creation.ts), then the split, formatting
   * and warnings (created-migrations.ts) and the new files' plan; refused, with nothing kept, when
   * that plan already shows a statement failing.
   */
  override async create(path?: string, blank?: boolean, initial?: boolean, name?: string): Promise<MigrationResult> {
    return reportRefusals(this.settings, async () => {
      const undo = blank || initial ? undefined : await beforeCreate(this.engine, this.snapshot);
      const pending = await pendingNames(() => this.inspect());
      const result = await super.create(path, blank, initial, name);
      if (!result.fileName) {
        return result;
      }
      warnCreatedBehind(this.engine, pending);
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
    const applied = which === 'applied' && new Set(byState(await this.inspect(), 'applied').map((entry) => entry.name));
    const migrations = await this.sources.every((name) => !applied || applied.has(name));
    const ups = migrations.map(({ name, sql }) => ({ name, up: sql.up }));
    return replaySchema(this.config, this.engine.target, ups);
  }

  /**
   * MikroORM's `migration:check`: whether the entities have changes that no migration file holds,
   * applied or pending (snapshot.ts), rather than changes the snapshot lacks. A snapshot that
   * does not say what the files build is refused as `db check` and `create` refuse it.
   */
  override async checkSchema(): Promise<boolean> {
    return reportRefusals(this.settings, async () => {
      await requireUsableSnapshot(this.engine, this.snapshot);
      return (await this.snapshot.entityChanges()).length > 0;
    });
  }

  /** `db split`: a pending file rewritten as expand + contract, with their plan; the names written (created-migrations.ts). */
  async split(file: MigrationFile): Promise<string[]> {
    const sql = await this.sources.sqlOf(file);
    const written = await splitExisting(this.settings, file.path, sql, this.generateFile);
    if (written.length > 0) {
      await this.planCreated(written);
    }
    return written;
  }

  /** The plan of freshly created migrations, after whatever is pending before them (run-planning.ts). */
  private async planCreated(names: string[]): Promise<PlanLine[]> {
    this.sources.forget();
    return announceCreatedPlan(this.engine, names, () => this.inspect());
  }

  /**
   * MikroORM's up() and down() land here, whichever caller: the gates (gates/gates.ts), then the
   * planned, recorded run. Every refusal comes before the run's first statement.
   */
  protected override async runMigrations(method: 'up' | 'down', options?: RunOptions): Promise<MigrationInfo[]> {
    await reportRefusals(this.settings, () => runGates('before-lock', { method, settings: this.settings }));
    let heldBack: string[] = [];
    const done = await this.exclusive(async () => {
      if (method === 'up') {
        await this.recoverTakenOver();
      }
      const state = await this.inspect();
      const selection = this.select(method, state, options);
      const context = await gateContextFor(this.engine, method, state, selection);
      await runGates('before-run', context);
      await this.records.adoptChecksums(state);
      const names = selection.run;
      heldBack = selection.heldBack;
      announceSelection(this.engine, method, selection);
      const recorder = new RunRecorder(
        this.engine,
        this,
        method,
        method === 'up' ? resumePoints(state) : new Map<string, number>(),
      );
      const migrateOnly = () => super.runMigrations(method, { migrations: names });
      if (names.length === 0) {
        return recorder.around(names, migrateOnly);
      }
      await reportLongTransactions(this.settings, this.driver);
      const plan = method === 'up' ? await planForRun(this.engine, names, state) : [];
      await runGates('after-plan', { ...context, plan });
      return withRunSession(this.engine, this.statementRunner, method, state, plan, recorder, () =>
        recorder.around(names, migrateOnly),
      );
    });
    if (heldBack.length > 0) {
      // The run log has said what waits; a host CLI would go on to claim it migrated to the latest.
      this.settings.exitWhenHeldBack?.();
    }
    return done;
  }

  /** A run that took the lock over from a gone holder first settles where that holder's migration resumes. */
  private async recoverTakenOver(): Promise<void> {
    if (!this.lock.tookOver) {
      return;
    }
    this.lock.tookOver = undefined;
    await recoverInterrupted(this.engine);
  }

  /** The server's plan of what these migrations will do (run-planning.ts). */
  planFor(names: string[], state: MigrationState, countChecks: boolean): Promise<PlanLine[]> {
    return planFor(this.engine, names, state, countChecks);
  }

  /** Every migration file applied, reverted and re-applied in a scratch database (plan/roundtrip.ts). */
  async roundTrip(): Promise<RoundTripResult[]> {
    const every = await this.sources.every();
    const migrations: RoundTripMigration[] = every.map(({ name, sql }) => ({ name, up: sql.up, down: sql.down }));
    return reportRefusals(this.settings, () => checkRoundTrip(this.engine.target, migrations));
  }

  /** Transactions open longer than the configured threshold: a DDL statement would wait for them. */
  longTransactions(): Promise<Blocker[]> {
    return longTransactions(this.driver, this.settings.longTransactionSeconds);
  }
}
