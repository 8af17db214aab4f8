/** Counting what the rows already there hold against a planned change (the checks come from sql/data-check-sql.ts). */
import type { DataCheck, DataCheckResult, FailedDataCheck, PlanLine } from '../types.js';
import type { LiveTable } from '../sql/data-check-sql.js';

export async function runChecks(
  query: <T>(sql: string) => Promise<T[]>,
  checks: DataCheck[],
): Promise<DataCheckResult[]> {
  const results: DataCheckResult[] = [];
  for (const check of checks) {
    const [row] = await query<{ n: number | string }>(check.countSql);
    const count = Number(row?.n ?? 0);
    const examples =
      count > 0 ? (await query<{ example: string | null }>(check.examplesSql)).map((item) => String(item.example)) : [];
    results.push({ check, count, examples });
  }
  return results;
}

/**
 * Counts the data checks of planned statements (of one migration from where it starts, or of a
 * whole run) on the live tables; returns those that found rows, with the statement each guards.
 */
export async function failedChecks(
  query: <T>(sql: string) => Promise<T[]>,
  lines: readonly PlanLine[],
): Promise<(FailedDataCheck & { migration: string })[]> {
  const failed: (FailedDataCheck & { migration: string })[] = [];
  for (const line of lines.filter((item) => item.checks.length > 0)) {
    const results = await runChecks(
      query,
      line.checks.map((planned) => planned.check),
    );
    for (const result of results.filter((item) => item.count > 0)) {
      failed.push({ ...result, migration: line.migration, statement: line.statement });
    }
  }
  return failed;
}

/** Every table's columns and primary key, as information_schema has them now. */
export async function readLiveTables(
  query: <T>(sql: string, params: unknown[]) => Promise<T[]>,
  database: string,
): Promise<Map<string, LiveTable>> {
  const rows = await query<{
    table_name: string;
    column_name: string;
    is_nullable: string;
    column_type: string;
    column_key: string;
  }>(
    // Aliased: MySQL 8 names information_schema's columns in capitals unless told otherwise.
    `select table_name as table_name, column_name as column_name, is_nullable as is_nullable,
            column_type as column_type, column_key as column_key from information_schema.columns
      where table_schema = ? order by table_name, ordinal_position`,
    [database],
  );
  const tables = new Map<string, LiveTable>();
  for (const row of rows) {
    const name = String(row.table_name);
    const table: LiveTable = tables.get(name) ?? { columns: new Map(), primaryKey: [] };
    table.columns.set(String(row.column_name), {
      nullable: row.is_nullable === 'YES',
      columnType: String(row.column_type).toLowerCase(),
    });
    if (row.column_key === 'PRI') {
      table.primaryKey.push(String(row.column_name));
    }
    tables.set(name, table);
  }
  return tables;
}
