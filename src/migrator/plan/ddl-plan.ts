import { readLiveTables, runChecks } from './data-checks.js';
import { checksOfClause, type LiveTable } from '../sql/data-check-sql.js';
import type { DdlSession } from '../server/ddl-session.js';
import { withScratchSession } from '../server/scratch-database.js';
import { tableSizes, type TableSize } from './table-sizes.js';
import { onCluster } from './cluster-terms.js';
import {
  addsRowVersion,
  algorithmClause,
  attemptsFor,
  foreseesFailure,
  isAlgorithmRefusal,
  maxRowVersions,
  noteFor,
  type PlanServer,
} from '../sql/ddl-algorithms.js';
import { asAlter, classify, withClause } from '../sql/ddl-statements.js';
import type { ServerTarget, PlanLine, PlannedCheck } from '../types.js';
import { quoteIdentifier } from '../sql/sql-clauses.js';

export interface PlannedStatements {
  migration: string;
  statements: string[];
  /** The first statement to plan (1-based): a blocked migration resumes there. */
  from?: number;
}

export interface PlanOptions {
  foreignKeyChecks: boolean;
  /** Count the data checks now (`db plan`); `up` counts them itself right before each migration. */
  countChecks: boolean;
}

/**
 * Asks the server what each pending statement will do, before anything runs: in a scratch
 * schema holding empty copies of the database's tables (their SHOW CREATE TABLE), each ALTER is
 * tried in the server's own grammar (ddl-algorithms.ts): INSTANT, then NOCOPY (MariaDB), then
 * INPLACE with LOCK=NONE, SHARED, EXCLUSIVE, then COPY; the first form accepted is the answer, and
 * it leaves the copy changed
 * as the real run will, so later statements are judged on the schema they will meet. Other
 * statements are classified by kind (and CREATE/DROP/RENAME replayed on the copy). The scratch
 * schema is dropped afterwards. Needs the right to create a database; with nothing pending it
 * still makes the copy, so a missing right shows before a deploy needs the plan (the rehearsal
 * relies on that).
 */
export async function planStatements(
  target: ServerTarget,
  server: PlanServer,
  migrations: PlannedStatements[],
  options: PlanOptions,
): Promise<PlanLine[]> {
  return withScratchSession(target, 'plan', async (session) => {
    const sizes = await tableSizes(session, target.database, server.flavor);
    const live = await readLiveTables((sql, params) => session.query(sql, params), target.database);
    await copyTables(session, target.database, sizes, options.foreignKeyChecks);
    const lines: PlanLine[] = [];
    // Tables whose rows an earlier statement of the run creates or changes: their checks would
    // count rows that will not be there when the statement runs.
    const touched = new Set<string>();
    for (const { migration, statements, from = 1 } of migrations) {
      for (const [index, sql] of statements.entries()) {
        if (index + 1 < from) {
          continue;
        }
        const line = onCluster(
          await planOne(session, server, sizes, { migration, statement: index + 1, sql }),
          server.cluster,
        );
        line.checks = await plannedChecks(session, target.database, line, live, touched, options.countChecks);
        if (line.table !== null && line.kind !== 'alter') {
          touched.add(line.table);
        }
        lines.push(line);
      }
    }
    return lines;
  });
}

/**
 * The live definitions, foreign keys included (CREATE TABLE … LIKE would drop them), created in
 * any order with checks off; then checks as the real run has them, since adding a foreign key
 * with checks on is a table copy.
 */
export async function copyTables(
  session: DdlSession,
  database: string,
  sizes: Map<string, TableSize>,
  foreignKeyChecks: boolean,
): Promise<void> {
  await session.query('set foreign_key_checks = 0');
  for (const table of sizes.keys()) {
    const [definition] = await session.query<Record<string, string>>(
      `show create table ${quoteIdentifier(database)}.${quoteIdentifier(table)}`,
    );
    // A row format the table got from the server's default at the time is not in its
    // definition; the copy must have it too, since what is instant depends on it.
    const format = sizes.get(table)!.rowFormat;
    const stated = /\brow_format=/i.test(definition['Create Table']) || !format;
    await session.query(`${definition['Create Table']}${stated ? '' : ` row_format=${format}`}`);
  }
  await session.query(`set foreign_key_checks = ${foreignKeyChecks ? 1 : 0}`);
}

async function planOne(
  session: DdlSession,
  server: PlanServer,
  sizes: Map<string, TableSize>,
  base: Pick<PlanLine, 'migration' | 'statement' | 'sql'>,
): Promise<PlanLine> {
  const sized = (table: string | null) => {
    const size = table === null ? undefined : sizes.get(table);
    return { table, rows: size?.rows ?? null, bytes: size?.bytes ?? null };
  };
  const alter = asAlter(base.sql);
  if (alter) {
    const line = { ...base, kind: 'alter' as const, ...sized(alter.table), clause: null, checks: [] };
    const size = sizes.get(alter.table);
    const versioned = addsRowVersion(alter.clauses);
    // The copy starts with no row versions; the live table may have used them all up.
    const limit = maxRowVersions(server);
    const instant = !(versioned && limit !== null && (size?.rowVersions ?? 0) >= limit);
    for (const attempt of attemptsFor(server.flavor, { instant })) {
      const clause = algorithmClause(server.flavor, attempt);
      try {
        await session.query(withClause(alter, clause));
      } catch (error) {
        if (isAlgorithmRefusal(error)) {
          continue;
        }
        const reason = (error as Error).message;
        return {
          ...line,
          algorithm: null,
          lock: null,
          note: `not planned: ${reason}`,
          ...(foreseesFailure(error) && { fails: reason }),
        };
      }
      if (attempt.algorithm === 'INSTANT' && versioned && size) {
        size.rowVersions = (size.rowVersions ?? 0) + 1;
      }
      const note = instant
        ? noteFor(attempt)
        : `${noteFor(attempt)} (INSTANT refused: the table has used all ${limit} row versions)`;
      return { ...line, algorithm: attempt.algorithm, lock: attempt.lock, clause, note };
    }
    return { ...line, algorithm: null, lock: null, note: 'the server accepted none of the forms' };
  }
  const classified = classify(base.sql);
  const line = { ...base, ...classified, ...sized(classified.table), clause: null, checks: [] };
  let fails: string | undefined;
  if (classified.kind !== 'data' && classified.kind !== 'other') {
    // Replayed on the copy, so later statements meet the schema they will meet.
    fails = await session.query(base.sql).then(
      () => undefined,
      (error: Error) => (foreseesFailure(error) ? error.message : undefined),
    );
  }
  if (classified.kind === 'create-table' && classified.table !== null && !fails) {
    sizes.set(classified.table, { rows: 0, bytes: 0 });
  }
  return fails ? { ...line, note: `fails: ${fails}`, fails } : line;
}

async function plannedChecks(
  session: DdlSession,
  database: string,
  line: PlanLine,
  live: Map<string, LiveTable>,
  touched: Set<string>,
  count: boolean,
): Promise<PlannedCheck[]> {
  const alter = line.kind === 'alter' ? asAlter(line.sql) : undefined;
  const table = alter ? live.get(alter.table) : undefined;
  if (!alter || !table || touched.has(alter.table)) {
    return [];
  }
  const checks = alter.clauses.flatMap((clause) => checksOfClause(database, alter.table, clause, table));
  if (!count) {
    return checks.map((check) => ({ check, count: null, examples: [] }));
  }
  return runChecks((sql) => session.query(sql), checks);
}
