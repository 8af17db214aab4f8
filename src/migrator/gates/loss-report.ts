import { lintMigration } from '../sql/destructive-lint.js';
import { droppedColumn, parseAlterTable, quoteIdentifier as q, unquote } from '../sql/sql-clauses.js';
import type { Query } from './gate.js';

/** What a set of statements would destroy, measured on the live database. */
export interface Loss {
  /** e.g. `table ingredients (2 rows)`, `column cookings.rating (12 rows hold a value)`. */
  parts: string[];
  /** Rows that hold data the statements destroy: 0 means nothing but structure is lost. */
  rows: number;
}

/** Tables a DROP TABLE names, and columns an ALTER … DROP [COLUMN] names. */
function droppedObjects(statements: string[]): { tables: Set<string>; columns: [string, string][] } {
  const tables = new Set<string>();
  const columns: [string, string][] = [];
  for (const sql of statements) {
    const drop = /^drop\s+table\s+(?:if\s+exists\s+)?([\s\S]+?);?$/i.exec(sql.trim());
    drop?.[1].split(',').forEach((name) => tables.add(unquote(name.trim().split('.').pop()!)));
    const alter = parseAlterTable(sql);
    for (const clause of alter?.clauses ?? []) {
      const column = droppedColumn(clause);
      if (column !== undefined) {
        columns.push([alter!.table, column]);
      }
    }
  }
  return { tables, columns };
}

/**
 * Says what a set of statements would destroy, as the live database holds it now: the tables
 * dropped with their rows, the columns dropped with the rows that hold a value there, and how
 * many other destructive statements there are.
 */
export async function measureLoss(query: Query, statements: string[]): Promise<Loss> {
  const { tables, columns } = droppedObjects(statements);
  const parts: string[] = [];
  let rows = 0;
  for (const table of tables) {
    const [exists] = await query<{ n: number | string }>(
      'select count(*) as n from information_schema.tables where table_schema = database() and table_name = ?',
      [table],
    );
    if (Number(exists.n) > 0) {
      const [{ n }] = await query<{ n: number | string }>(`select count(*) as n from ${q(table)}`);
      rows += Number(n);
      parts.push(`table ${table} (${rowCount(Number(n))})`);
    }
  }
  for (const [table, column] of columns.filter(([table]) => !tables.has(table))) {
    const held = await query<{ n: number | string }>(
      `select count(*) as n from ${q(table)} where ${q(column)} is not null`,
    )
      .then(([row]) => Number(row.n))
      // ER_BAD_FIELD_ERROR / ER_NO_SUCH_TABLE: an earlier statement of the same run changes it.
      .catch(() => null);
    if (held !== null) {
      rows += held;
      parts.push(`column ${table}.${column} (${held === 1 ? '1 row holds' : `${held} rows hold`} a value)`);
    }
  }
  const counted = new Set(['drop-table', 'drop-column']);
  const others = lintMigration(statements, []).filter((finding) => !counted.has(finding.rule)).length;
  if (others > 0) {
    parts.push(`${others} other destructive statement(s)`);
  }
  return { parts, rows };
}

const rowCount = (n: number) => (n === 1 ? '1 row' : `${n} rows`);

/** The loss in one line, for messages. */
export function describeLoss(loss: Loss): string {
  return loss.parts.length > 0 ? loss.parts.join(', ') : 'no table or column (only tracking records)';
}
