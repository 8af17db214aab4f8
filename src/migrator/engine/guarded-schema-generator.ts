import type {
  ClearDatabaseOptions,
  CreateSchemaOptions,
  DropSchemaOptions,
  MikroORM,
  UpdateSchemaOptions,
} from '@mikro-orm/core';
import { SqlSchemaGenerator, type DatabaseSchema, type EntityManager } from '@mikro-orm/sql';
import { requireForce } from '../gates/force.js';
import { describeLoss, measureLoss } from '../gates/loss-report.js';
import { sqlStatements } from './snapshot.js';
import type { MigratorSettings } from '../settings.js';
import { reportRefusals } from './report-refusals.js';
import { quoteIdentifier } from '../sql/sql-clauses.js';

const WRITE_A_MIGRATION =
  'The way without force: write the change as a migration (`npx mikro-orm migration:create`), commit it, and let the ' +
  'migrate job apply it, with every guard and a record of what ran.';

/**
 * MikroORM's schema generator, refusing in production what wipes data (schema:drop,
 * schema:fresh, migration:fresh, schema:clear) and what changes the schema outside the
 * migrations (schema:update, schema:create) unless forced, and then saying what is lost.
 */
export class GuardedSchemaGenerator extends SqlSchemaGenerator {
  constructor(
    em: EntityManager,
    private readonly settings: Pick<MigratorSettings, 'production' | 'force' | 'onEvent' | 'explain' | 'exitOnError'>,
  ) {
    super(em);
  }

  static registerWith(orm: MikroORM, settings: GuardedSchemaGenerator['settings']): void {
    orm.config.registerExtension(
      '@mikro-orm/schema-generator',
      () => new GuardedSchemaGenerator(orm.em as EntityManager, settings),
    );
  }

  override async drop(options?: DropSchemaOptions): Promise<void> {
    await reportRefusals(this.settings, () =>
      this.guard(options?.dropDb ? 'drop the whole database' : 'drop every table of the schema'),
    );
    return super.drop(options);
  }

  /**
   * schema:update: in production only with force (the change would be recorded in no migration;
   * the way is a migration), after saying what it loses; elsewhere it runs, saying what it loses.
   */
  override async update(options?: UpdateSchemaOptions<DatabaseSchema>): Promise<void> {
    const statements = sqlStatements(await this.getUpdateSchemaSQL({ ...options, wrap: false }));
    if (statements.length > 0) {
      await reportRefusals(this.settings, () => this.outsideMigrations('schema:update', statements));
    }
    return super.update(options);
  }

  /** schema:create (and schema:fresh after its drop): tables no migration records, so production needs force. */
  override async create(options?: CreateSchemaOptions): Promise<void> {
    const statements = sqlStatements(await this.getCreateSchemaSQL({ ...options, wrap: false }));
    await reportRefusals(this.settings, () => this.outsideMigrations('schema:create', statements));
    return super.create(options);
  }

  private async outsideMigrations(command: 'schema:update' | 'schema:create', statements: string[]): Promise<void> {
    const loss = await measureLoss((sql, params) => this.driver.execute(sql, params ?? []), statements);
    const lost =
      loss.parts.length > 0
        ? describeLoss(loss)
        : `nothing, but ${statements.length} statement(s) no migration records`;
    const action = `${command === 'schema:update' ? 'update' : 'create'} the schema outside the migrations (${command}, ${statements.length} statement(s))`;
    if (!this.settings.production) {
      if (loss.rows > 0) {
        this.settings.onEvent({ type: 'outside-migrations', command, statements: statements.length, loss: lost });
      }
      return;
    }
    await requireForce(this.settings, action, 'environment', () => Promise.resolve(lost), WRITE_A_MIGRATION);
  }

  override async clear(options?: ClearDatabaseOptions): Promise<void> {
    await reportRefusals(this.settings, () => this.guard('delete every row of every table'));
    return super.clear(options);
  }

  private guard(action: string): Promise<void> {
    return requireForce(this.settings, action, 'environment', () => this.tablesWithRows());
  }

  private async tablesWithRows(): Promise<string> {
    const tables = await this.driver.execute<{ name: string }[]>(
      "select table_name as name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE' order by table_name",
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const rows = await this.driver.execute<{ n: number }[]>(`select count(*) as n from ${quoteIdentifier(name)}`);
      parts.push(`${name} (${Number(rows[0].n)} rows)`);
    }
    return parts.length > 0 ? parts.join(', ') : 'nothing (no tables)';
  }
}
