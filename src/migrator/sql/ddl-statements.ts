import type { LockLevel, PlanLine } from '../types.js';
import {
  parseAlterTable,
  tableOfCreate,
  tableOfDdl,
  unquote,
  type AlterTable,
  quoteIdentifier,
} from './sql-clauses.js';

/** What a plan needs to know of a statement from its text alone: which table, which kind. */

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
export function asAlter(sql: string): AlterTable | undefined {
  const alter = parseAlterTable(sql);
  if (alter) {
    return alter;
  }
  const index = CREATE_INDEX.exec(sql.trim());
  return index
    ? {
        table: unquote(index[3]),
        clauses: [`add ${index[1] ?? ''}index ${quoteIdentifier(unquote(index[2]))} ${index[4]}`.replace(/\s+/g, ' ')],
      }
    : undefined;
}

/** `create trigger … on <table>` (a drop names only the trigger). */
const TRIGGER = /^create\s+(?:definer\s*=\s*\S+\s+)?trigger\s+\S+\s+(?:before|after)\s+\w+\s+on\s+(`[^`]+`|\w+)/i;

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
    kind: 'other',
    tableOf: (sql) => TRIGGER.exec(sql.trim())?.[1]?.replace(/^`|`$/g, ''),
    lock: 'EXCLUSIVE',
    note: 'a trigger: takes the metadata lock briefly',
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

export function classify(sql: string): Pick<PlanLine, 'kind' | 'table' | 'algorithm' | 'lock' | 'note'> {
  for (const { kind, tableOf, lock, note } of KINDS) {
    const table = tableOf(sql);
    if (table !== undefined) {
      return { kind, table, algorithm: null, lock, note };
    }
  }
  return { kind: 'other', table: null, algorithm: null, lock: null, note: 'not a table change' };
}

export function withClause(alter: AlterTable, clause: string): string {
  return `alter table ${quoteIdentifier(alter.table)} ${alter.clauses.join(', ')}, ${clause}`;
}

/**
 * The statement as the run sends it: an ALTER (or CREATE INDEX) with the algorithm and lock the
 * plan found, in the server's grammar, so the server refuses instead of falling back to a table
 * copy; other statements as they are.
 */
export function pinnedSql(line: PlanLine): string {
  const alter = line.kind === 'alter' && line.clause ? asAlter(line.sql) : undefined;
  return alter ? withClause(alter, line.clause!) : line.sql;
}
