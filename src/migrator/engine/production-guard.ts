import type { AbstractSqlDriver } from '@mikro-orm/sql';
import { lintMigration } from '../sql/destructive-lint.js';
import { BlockingMigrationError, DestructiveMigrationError, ForceRequiredError } from '../errors.js';
import { describeLoss, measureLoss, type Loss } from './loss-report.js';
import { byState, filesOf } from '../state/migration-state.js';
import type { MigratorSettings } from '../settings.js';
import type { MigrationFile, MigrationSql, MigrationState, PlanLine } from '../types.js';

/**
 * In production: destructive migrations need their `allowDestructive` marker, and what loses
 * data (a down that drops tables or columns holding rows, down to base, stamp) needs force,
 * after saying what it would lose.
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
      return;
    }
    // Any other down (one, --steps N, --to NAME, downgrade -N) is refused once it would drop a
    // table or a column that holds rows.
    const loss = await this.lossOfDown(plan, files);
    if (loss.rows > 0) {
      const what = `migrate down ${plan.length} migration(s) (${plan.join(', ')})`;
      await requireForce(this.settings, what, 'flag', () => Promise.resolve(describeLoss(loss)));
    }
  }

  /** What undoing `plan` would destroy: its down() statements measured on the live database. */
  private async lossOfDown(plan: string[], files: Map<string, MigrationFile>): Promise<Loss> {
    const downSql: string[] = [];
    for (const name of plan) {
      const file = files.get(name);
      downSql.push(...(file ? (await this.sqlOf(file)).down : []));
    }
    return measureLoss(this.driver, downSql);
  }

  /**
   * In production: a statement planned as a table copy, or with a lock other than NONE, on a table
   * above `blockingRows` rows, needs its migration's `allowBlocking` reason. Copies that run
   * through pt-online-schema-change (`online = 'pt-osc'`) do not block.
   */
  async checkBlocking(plan: string[], lines: PlanLine[], files: Map<string, MigrationFile>): Promise<void> {
    if (!this.settings.production) {
      return;
    }
    for (const name of plan) {
      const sql = await this.sqlOf(files.get(name)!);
      const blocking: PlanLine[] = [];
      for (const line of lines.filter((item) => item.migration === name && isBlocking(item, sql.online === 'pt-osc'))) {
        const sized = await this.aboveLine(line);
        if (sized) {
          blocking.push(sized);
        }
      }
      if (blocking.length > 0 && !sql.blockingReason) {
        throw new BlockingMigrationError(name, blocking, this.settings.blockingRows);
      }
      if (blocking.length > 0) {
        this.settings.onEvent({ type: 'blocking-allowed', name, reason: sql.blockingReason!, lines: blocking });
      }
    }
  }

  /**
   * Whether the line's table holds more than `blockingRows` rows. The plan's figure is InnoDB's
   * estimate, which can lag far behind (statistics not yet recalculated after a bulk load); below
   * the line, the rows are counted, at most `blockingRows + 1` of them, so a stale estimate cannot
   * let a big table's rebuild through. Returns the line (with the rows counted) when it is above.
   */
  private async aboveLine(line: PlanLine): Promise<PlanLine | undefined> {
    const threshold = this.settings.blockingRows;
    if (line.rows === null || line.table === null) {
      return undefined;
    }
    if (line.rows > threshold) {
      return line;
    }
    let counted = 0;
    try {
      const [row] = await this.driver.execute<{ n: number | string }[]>(
        `select count(*) as n from (select 1 from \`${line.table}\` limit ${threshold + 1}) as bounded`,
      );
      counted = Number(row.n);
    } catch (error) {
      // ER_NO_SUCH_TABLE: an earlier statement of the run creates it; it starts empty.
      if ((error as { errno?: number }).errno !== 1146) {
        throw error;
      }
    }
    return counted > threshold ? { ...line, rows: counted } : undefined;
  }

  /** In production, undoing `plan` (its down statements) needs --force; see requireForce. */
  async requireForce(action: string, plan: string[], files: Map<string, MigrationFile>): Promise<void> {
    await requireForce(this.settings, action, 'flag', async () => describeLoss(await this.lossOfDown(plan, files)));
  }
}

/**
 * The one force rule of production: what loses data throws ForceRequiredError, naming what it
 * would lose, unless forced; when forced, it reports the loss and lets the action go on.
 * Outside production it neither asks nor measures.
 */
export async function requireForce(
  settings: Pick<MigratorSettings, 'production' | 'force' | 'onEvent'>,
  action: string,
  via: 'flag' | 'environment',
  describeLossOf: () => Promise<string>,
): Promise<void> {
  if (!settings.production) {
    return;
  }
  const loss = await describeLossOf();
  if (!settings.force) {
    throw new ForceRequiredError(action, loss, via);
  }
  settings.onEvent({ type: 'forced', action, loss, via });
}

/**
 * Whether an ALTER keeps writers (or readers) waiting while it works. One the server could not be
 * asked about (no form accepted, or an error on the empty copy) counts as the worst case, a table
 * copy: an unknown must not let a big table's rebuild through.
 */
export function isBlocking(line: PlanLine, throughPtOsc = false): boolean {
  if (line.kind !== 'alter') {
    return false;
  }
  if (line.blocksCluster) {
    // Galera: every ALTER but an INSTANT one holds the whole cluster's writes; an online migration
    // runs each planned one through pt-osc instead (run-planning.ts), which copies in small chunks.
    return !(throughPtOsc && line.algorithm !== null);
  }
  if (line.algorithm === null) {
    // Not a planned COPY, so it would not go through pt-osc either.
    return true;
  }
  if (line.algorithm === 'COPY') {
    return !throughPtOsc;
  }
  return line.lock !== null && line.lock !== 'NONE';
}
