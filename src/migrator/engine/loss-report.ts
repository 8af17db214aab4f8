import type { AbstractSqlDriver } from '@mikro-orm/sql';
import { lintMigration } from '../sql/destructive-lint.js';
import { tableExists } from '../state/table-exists.js';

/**
 * Says in one line what a set of statements would destroy: the tables dropped with their
 * row counts, and the number of other destructive statements.
 */
export async function describeLoss(driver: AbstractSqlDriver, statements: string[]): Promise<string> {
  const findings = lintMigration(statements, []);
  const dropped = new Set<string>();
  for (const sql of statements) {
    const match = /^drop\s+table\s+(?:if\s+exists\s+)?([\s\S]+?);?$/i.exec(sql.trim());
    match?.[1].split(',').forEach((name) => dropped.add(name.trim().replace(/`/g, '')));
  }
  const tables: string[] = [];
  for (const table of dropped) {
    if (await tableExists(driver, table)) {
      const rows = await driver.execute<{ n: number }[]>(`select count(*) as n from \`${table}\``);
      tables.push(`table ${table} (${Number(rows[0].n)} rows)`);
    }
  }
  const others = findings.filter((finding) => finding.rule !== 'drop-table').length;
  const parts = [...tables, ...(others > 0 ? [`${others} other destructive statement(s)`] : [])];
  return parts.length > 0 ? parts.join(', ') : 'no table or column (only tracking records)';
}
