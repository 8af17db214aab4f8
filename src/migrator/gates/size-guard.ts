import { BlockingMigrationError } from '../errors/index.js';
import { quoteIdentifier } from '../sql/sql-clauses.js';
import type { PlanLine } from '../types.js';
import type { Gate, Query } from './gate.js';

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

/**
 * Whether the line's table holds more than `threshold` rows. The plan's figure is InnoDB's
 * estimate, which can lag far behind (statistics not yet recalculated after a bulk load); below
 * the line, the rows are counted, at most `threshold + 1` of them, so a stale estimate cannot
 * let a big table's rebuild through. Returns the line (with the rows counted) when it is above.
 */
async function aboveThreshold(query: Query, line: PlanLine, threshold: number): Promise<PlanLine | undefined> {
  if (line.rows === null || line.table === null) {
    return undefined;
  }
  if (line.rows > threshold) {
    return line;
  }
  let counted = 0;
  try {
    const [row] = await query<{ n: number | string }>(
      `select count(*) as n from (select 1 from ${quoteIdentifier(line.table)} limit ${threshold + 1}) as bounded`,
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

/**
 * In production: a statement planned as a table copy, or with a lock other than NONE, on a table
 * above `blockingRows` rows, needs its migration's `allowBlocking` reason. Copies that run
 * through pt-online-schema-change (`online = 'pt-osc'`) do not block.
 */
export const sizeGuard: Gate<'after-plan'> = {
  name: 'size-guard',
  scope: 'after-plan',
  methods: ['up'],
  async check({ settings, plan, migrations, query }) {
    if (!settings.production) {
      return;
    }
    for (const { name, sql } of migrations) {
      const blocking: PlanLine[] = [];
      for (const line of plan.filter((item) => item.migration === name && isBlocking(item, sql?.online === 'pt-osc'))) {
        const sized = await aboveThreshold(query, line, settings.blockingRows);
        if (sized) {
          blocking.push(sized);
        }
      }
      if (blocking.length > 0 && !sql?.blockingReason) {
        throw new BlockingMigrationError(name, blocking, settings.blockingRows);
      }
      if (blocking.length > 0) {
        settings.onEvent({ type: 'blocking-allowed', name, reason: sql!.blockingReason!, lines: blocking });
      }
    }
  },
};
