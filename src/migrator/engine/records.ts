import { NotFailedError, StampRefusedError } from '../errors/index.js';
import { tableOfCreate } from '../sql/sql-clauses.js';
import { recordedAsApplied } from '../state/migration-meta.js';
import { byState } from '../state/migration-state.js';
import { isBase, requireKnown } from '../state/run-selection.js';
import type { MigrationState } from '../types.js';
import { requireForce } from '../gates/force.js';
import type { EngineContext } from './engine-context.js';

/** MikroORM's tracking table, as its MigrationStorage writes it. */
export interface TrackingStorage {
  logMigration(migration: { name: string }): Promise<void>;
  unlogMigration(migration: { name: string }): Promise<void>;
}

/**
 * What changes the records without running migrations: stamping, resolving a failed state,
 * re-recording deliberate edits, adopting checksums of migrations applied before they were
 * kept. The callers hold the migration lock and pass the state they read under it.
 */
export class MigrationRecords {
  constructor(
    private readonly engine: EngineContext,
    private readonly storage: TrackingStorage,
  ) {}

  /** Records migrations up to `target` as applied without running them; `base` clears every record. */
  async stamp(state: MigrationState, target: string): Promise<{ logged: string[]; unlogged: string[] }> {
    const last = isBase(target) || target === 'head' ? undefined : requireKnown(state, target);
    const wanted = new Set(
      isBase(target)
        ? []
        : state.entries.filter((entry) => entry.path && (!last || entry.name <= last)).map((entry) => entry.name),
    );
    const recorded = byState(state, 'applied', 'missing-file').map((entry) => entry.name);
    const unlog = recorded.filter((name) => !wanted.has(name));
    const log = [...wanted].filter((name) => !recorded.includes(name));
    await this.requireTheirTables(log);
    await requireForce(
      this.engine.settings,
      `stamp ${target} (${log.length} to record, ${unlog.length} to forget)`,
      'flag',
      () => Promise.resolve('no table or column (only tracking records)'),
    );
    for (const name of unlog) {
      await this.storage.unlogMigration({ name });
      await this.engine.meta.remove(name);
    }
    for (const name of log) {
      await this.storage.logMigration({ name });
      await this.saveStamped(name);
    }
    for (const entry of byState(state, 'failed').filter((item) => !wanted.has(item.name))) {
      await this.engine.meta.remove(entry.name);
    }
    return { logged: log, unlogged: unlog };
  }

  /**
   * Stamping records migrations as applied because their tables are already there (made by hand,
   * or by piping `db sql`). On a database that holds none of the tables they create, it would
   * record a schema that is not there: refused, pointing to `up` (`--force` stamps anyway).
   */
  private async requireTheirTables(names: string[]): Promise<void> {
    const created: string[] = [];
    for (const name of names) {
      const up = (await this.engine.sources.sqlNamed(name))?.up ?? [];
      created.push(...up.map(tableOfCreate).filter((table): table is string => table !== undefined));
    }
    if (created.length === 0 || this.engine.settings.force) {
      return;
    }
    const [row] = await this.engine.query<{ n: number | string }>(
      `select count(*) as n from information_schema.tables where table_schema = database() and table_name in (${created.map(() => '?').join(', ')})`,
      created,
    );
    if (Number(row.n) === 0) {
      throw new StampRefusedError(names, created);
    }
  }

  /**
   * MikroORM's `migration:log` / `migration:unlog` of one migration: a record changed by hand, so
   * in production only with force (DB_FORCE=true), like `stamp`; the companion record follows.
   */
  async logOne(state: MigrationState, name: string, how: 'log' | 'unlog'): Promise<void> {
    const known = requireKnown(state, name);
    const action =
      how === 'log'
        ? `record ${known} as applied without running it (migration:log)`
        : `forget that ${known} is applied (migration:unlog)`;
    await requireForce(
      this.engine.settings,
      action,
      'environment',
      () => Promise.resolve('no table or column (only tracking records)'),
      how === 'unlog'
        ? `What ${known} changed stays in the database, recorded nowhere; to undo it, \`down\` it.`
        : undefined,
    );
    if (how === 'unlog') {
      await this.storage.unlogMigration({ name: known });
      await this.engine.meta.remove(known);
      return;
    }
    const entry = state.entries.find((item) => item.name === known)!;
    await this.storage.logMigration({ name: known });
    if (entry.path) {
      await this.saveStamped(known);
    }
  }

  /** Ends the failed state of a migration after a manual fix. */
  async resolveFailed(state: MigrationState, name: string, outcome: 'applied' | 'rolled-back'): Promise<void> {
    const known = requireKnown(state, name);
    const entry = state.entries.find((item) => item.name === known)!;
    if (entry.state !== 'failed') {
      throw new NotFailedError(known, entry.state);
    }
    if (outcome === 'rolled-back') {
      await this.engine.meta.remove(known);
      return;
    }
    await this.storage.logMigration({ name: known });
    await this.saveStamped(known);
  }

  /** Re-records the checksum of applied migrations whose files were edited on purpose. */
  async repairChecksums(state: MigrationState): Promise<string[]> {
    const repaired: string[] = [];
    for (const entry of byState(state, 'applied').filter((item) => item.checksumChanged)) {
      await this.saveStamped(entry.name);
      repaired.push(entry.name);
    }
    return repaired;
  }

  /** Migrations applied before checksums were kept get today's checksum as their baseline. */
  async adoptChecksums(state: MigrationState): Promise<void> {
    for (const entry of byState(state, 'applied')) {
      if (entry.recordedChecksum === null && entry.checksum) {
        await this.engine.meta.save({
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

  private async saveStamped(name: string): Promise<void> {
    await this.engine.meta.save(recordedAsApplied(name, await this.engine.sources.sqlToRun(name)));
  }
}
