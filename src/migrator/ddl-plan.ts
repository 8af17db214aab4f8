import { randomBytes } from 'node:crypto';
import { DdlSession } from './ddl-session.js';
import type { LockTarget } from './migration-lock.js';
import { parseAlterTable, tableOfCreate, tableOfDdl, unquote } from './sql-clauses.js';

export type Algorithm = 'INSTANT' | 'NOCOPY' | 'INPLACE' | 'COPY';
export type LockLevel = 'NONE' | 'SHARED' | 'EXCLUSIVE';

/** What one pending statement will do to its table, as the server itself answered. */
export interface PlanLine {
  migration: string;
  /** 1-based position in the migration. */
  statement: number;
  sql: string;
  kind: 'alter' | 'create-table' | 'drop-table' | 'rename-table' | 'data' | 'other';
  table: string | null;
  /** InnoDB's estimate for the live table; null when it does not exist yet. */
  rows: number | null;
  bytes: number | null;
  /** For ALTERs; null otherwise (or when the server accepted none of the forms). */
  algorithm: Algorithm | null;
  lock: LockLevel | null;
  note: string;
}

export interface PlannedStatements {
  migration: string;
  statements: string[];
}

/** Tried in this order; the first form the server accepts is the answer. NOCOPY exists on MariaDB only. */
const ATTEMPTS: { algorithm: Algorithm; lock: LockLevel; mariadbOnly?: boolean }[] = [
  { algorithm: 'INSTANT', lock: 'NONE' },
  { algorithm: 'NOCOPY', lock: 'NONE', mariadbOnly: true },
  { algorithm: 'NOCOPY', lock: 'SHARED', mariadbOnly: true },
  { algorithm: 'INPLACE', lock: 'NONE' },
  { algorithm: 'INPLACE', lock: 'SHARED' },
  { algorithm: 'INPLACE', lock: 'EXCLUSIVE' },
  { algorithm: 'COPY', lock: 'SHARED' },
  { algorithm: 'COPY', lock: 'EXCLUSIVE' },
];

/** Errors that mean "not with that algorithm or lock": the server refuses and changes nothing. */
const REFUSED = new Set([
  1064, // syntax (MySQL has no NOCOPY)
  1845, // ER_ALTER_OPERATION_NOT_SUPPORTED
  1846, // ER_ALTER_OPERATION_NOT_SUPPORTED_REASON
  4092, // MariaDB: ER_ALTER_OPERATION_NOT_SUPPORTED_REASON_… (instant variants)
]);

const NAME = String.raw`(\`[^\`]+\`|\w+)`;
const CREATE_INDEX = new RegExp(
  String.raw`^create\s+(unique\s+|fulltext\s+|spatial\s+)?index\s+${NAME}\s+on\s+${NAME}\s*(\([\s\S]*?\))\s*;?$`,
  'i',
);
const DATA = new RegExp(
  String.raw`^(?:insert\s+(?:ignore\s+)?into|update|delete\s+from|replace\s+into)\s+${NAME}`,
  'i',
);

/** An ALTER as `ALTER TABLE t <clauses>`, with CREATE INDEX … ON t (…) rewritten to one. */
function asAlter(sql: string): { table: string; clauses: string } | undefined {
  const alter = parseAlterTable(sql);
  if (alter) {
    return { table: alter.table, clauses: alter.clauses.join(', ') };
  }
  const index = CREATE_INDEX.exec(sql.trim());
  return index
    ? {
        table: unquote(index[3]),
        clauses: `add ${index[1] ?? ''}index \`${unquote(index[2])}\` ${index[4]}`.replace(/\s+/g, ' '),
      }
    : undefined;
}

/** Statements that are not ALTERs, by kind: the table each names, and what it takes. */
const KINDS: {
  kind: PlanLine['kind'];
  tableOf: (sql: string) => string | undefined;
  lock: LockLevel | null;
  note: string;
}[] = [
  { kind: 'create-table', tableOf: tableOfCreate, lock: 'NONE', note: 'a new table: nothing to copy or lock' },
  {
    kind: 'drop-table',
    tableOf: (sql) => (/^drop\s+table\b/i.test(sql.trim()) ? tableOfDdl(sql) : undefined),
    lock: 'EXCLUSIVE',
    note: 'takes the metadata lock briefly; the data is gone',
  },
  {
    kind: 'rename-table',
    tableOf: (sql) => (/^rename\s+table\b/i.test(sql.trim()) ? tableOfDdl(sql) : undefined),
    lock: 'EXCLUSIVE',
    note: 'takes the metadata lock briefly',
  },
  {
    kind: 'data',
    tableOf: (sql) => {
      const match = DATA.exec(sql.trim());
      return match ? unquote(match[1]) : undefined;
    },
    lock: null,
    note: 'changes rows: row locks for as long as it runs',
  },
];

function classify(sql: string): Pick<PlanLine, 'kind' | 'table' | 'algorithm' | 'lock' | 'note'> {
  for (const { kind, tableOf, lock, note } of KINDS) {
    const table = tableOf(sql);
    if (table !== undefined) {
      return { kind, table, algorithm: null, lock, note };
    }
  }
  return { kind: 'other', table: null, algorithm: null, lock: null, note: 'not a table change' };
}

interface TableSize {
  rows: number;
  bytes: number;
}

/**
 * Asks the server what each pending statement will do, before anything runs: in a scratch
 * schema holding empty copies of the database's tables (their SHOW CREATE TABLE), each ALTER is
 * tried with ALGORITHM=INSTANT, then NOCOPY (MariaDB), then INPLACE with LOCK=NONE, SHARED,
 * EXCLUSIVE, then COPY; the first form accepted is the answer, and it leaves the copy changed
 * as the real run will, so later statements are judged on the schema they will meet. Other
 * statements are classified by kind (and CREATE/DROP/RENAME replayed on the copy). The scratch
 * schema is dropped afterwards. Needs the right to create a database; with nothing pending it
 * still makes the copy, so a missing right shows before a deploy needs the plan (the rehearsal
 * relies on that).
 */
export async function planStatements(
  target: LockTarget,
  flavor: 'mysql' | 'mariadb',
  migrations: PlannedStatements[],
  options: { foreignKeyChecks: boolean },
): Promise<PlanLine[]> {
  const session = await DdlSession.open(target, 5);
  const scratch = `${target.database.slice(0, 40)}_plan_${randomBytes(4).toString('hex')}`;
  try {
    const sizes = await tableSizes(session, target.database);
    await session.query(`create database \`${scratch}\` character set utf8mb4`);
    await session.query(`use \`${scratch}\``);
    // The live definitions, foreign keys included (CREATE TABLE … LIKE would drop them), created
    // in any order with checks off; then checks as the real run has them, since adding a foreign
    // key with checks on is a table copy.
    await session.query('set foreign_key_checks = 0');
    for (const table of sizes.keys()) {
      const [definition] = await session.query<Record<string, string>>(
        `show create table \`${target.database}\`.\`${table}\``,
      );
      await session.query(definition['Create Table']);
    }
    await session.query(`set foreign_key_checks = ${options.foreignKeyChecks ? 1 : 0}`);
    const lines: PlanLine[] = [];
    for (const { migration, statements } of migrations) {
      for (const [index, sql] of statements.entries()) {
        lines.push(await planOne(session, flavor, sizes, { migration, statement: index + 1, sql }));
      }
    }
    return lines;
  } finally {
    await session.query(`drop database if exists \`${scratch}\``).catch(() => undefined);
    await session.close();
  }
}

async function planOne(
  session: DdlSession,
  flavor: 'mysql' | 'mariadb',
  sizes: Map<string, TableSize>,
  base: Pick<PlanLine, 'migration' | 'statement' | 'sql'>,
): Promise<PlanLine> {
  const sized = (table: string | null) => {
    const size = table === null ? undefined : sizes.get(table);
    return { table, rows: size?.rows ?? null, bytes: size?.bytes ?? null };
  };
  const alter = asAlter(base.sql);
  if (alter) {
    const line = { ...base, kind: 'alter' as const, ...sized(alter.table) };
    for (const attempt of ATTEMPTS) {
      if (attempt.mariadbOnly && flavor !== 'mariadb') {
        continue;
      }
      try {
        await session.query(
          `alter table \`${alter.table}\` ${alter.clauses}, algorithm=${attempt.algorithm}, lock=${attempt.lock}`,
        );
        return { ...line, algorithm: attempt.algorithm, lock: attempt.lock, note: noteFor(attempt) };
      } catch (error) {
        if (!REFUSED.has((error as { errno?: number }).errno ?? 0)) {
          return { ...line, algorithm: null, lock: null, note: `not planned: ${(error as Error).message}` };
        }
      }
    }
    return { ...line, algorithm: null, lock: null, note: 'the server accepted none of the forms' };
  }
  const classified = classify(base.sql);
  const line = { ...base, ...classified, ...sized(classified.table) };
  if (classified.kind !== 'data' && classified.kind !== 'other') {
    // Replayed on the copy, so later statements meet the schema they will meet.
    await session.query(base.sql).catch(() => undefined);
  }
  if (classified.kind === 'create-table' && classified.table !== null) {
    sizes.set(classified.table, { rows: 0, bytes: 0 });
  }
  return line;
}

function noteFor({ algorithm, lock }: { algorithm: Algorithm; lock: LockLevel }): string {
  if (algorithm === 'INSTANT') {
    return 'metadata only: instant at any size';
  }
  if (algorithm === 'COPY') {
    return `rebuilds the table by copying every row; ${lock === 'EXCLUSIVE' ? 'reads and writes' : 'writes'} wait until it ends`;
  }
  const rebuild =
    algorithm === 'NOCOPY'
      ? 'changes the table in place without copying rows'
      : 'works in place (may rebuild the table)';
  return lock === 'NONE'
    ? `${rebuild}; reads and writes go on`
    : `${rebuild}; ${lock === 'SHARED' ? 'writes' : 'reads and writes'} wait`;
}

async function tableSizes(session: DdlSession, database: string): Promise<Map<string, TableSize>> {
  const rows = await session.query<{ name: string; rows: number | string | null; bytes: number | string | null }>(
    `select table_name as name, table_rows as \`rows\`, data_length + index_length as bytes
       from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE'`,
    [database],
  );
  return new Map(rows.map((row) => [row.name, { rows: Number(row.rows ?? 0), bytes: Number(row.bytes ?? 0) }]));
}
