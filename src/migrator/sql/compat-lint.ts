import { lintMigration } from './destructive-lint.js';
import { parseAlterTable, unquote } from './sql-clauses.js';
import type { BreakingFinding } from '../types.js';

/**
 * The statements of up() that break the release still running while a deploy rolls: whatever
 * loses data (the destructive lint), plus renames, which lose nothing but leave the old code
 * naming a column or table that is gone. They belong in a contract migration.
 */
export function breakingChanges(up: string[], down: string[]): BreakingFinding[] {
  const findings: BreakingFinding[] = lintMigration(up, down);
  up.forEach((sql, index) => {
    const statement = index + 1;
    if (/^rename\s+table\b/i.test(sql.trim())) {
      findings.push({
        rule: 'rename-table',
        statement,
        message: `${sql.trim().slice(0, 80)}: the running release still uses the old name`,
      });
    }
    const alter = parseAlterTable(sql);
    for (const clause of alter?.clauses ?? []) {
      const renamed = renameOf(clause);
      if (renamed) {
        findings.push({
          rule: renamed.kind,
          statement,
          message: `table ${alter!.table}: ${renamed.what}; the running release still uses the old name`,
        });
      }
    }
  });
  return findings.sort((a, b) => a.statement - b.statement);
}

function renameOf(clause: string): { kind: 'rename-column' | 'rename-table'; what: string } | undefined {
  const column = /^rename\s+column\s+(`[^`]+`|\w+)\s+to\s+(`[^`]+`|\w+)/i.exec(clause);
  if (column) {
    return { kind: 'rename-column', what: `column ${unquote(column[1])} is renamed to ${unquote(column[2])}` };
  }
  const change = /^change\s+(?:column\s+)?(`[^`]+`|\w+)\s+(`[^`]+`|\w+)\s/i.exec(clause);
  if (change && unquote(change[1]) !== unquote(change[2])) {
    return { kind: 'rename-column', what: `column ${unquote(change[1])} is renamed to ${unquote(change[2])}` };
  }
  const table = /^rename\s+(?:to\s+|as\s+)?(`[^`]+`|\w+)\s*$/i.exec(clause);
  return table && !/^rename\s+(?:column|index|key)\b/i.test(clause)
    ? { kind: 'rename-table', what: `the table is renamed to ${unquote(table[1])}` }
    : undefined;
}
