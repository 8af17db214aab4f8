import { textTable } from './text-table.js';
import type { PlanLine } from '../migrator/index.js';

/** The plan as a table: one row per statement. */
export function planTable(lines: PlanLine[]): string {
  return textTable(
    ['migration', '#', 'table', 'rows', 'size', 'algorithm', 'lock', 'what it does'],
    lines.map((line) => [
      line.migration,
      String(line.statement),
      line.table ?? '-',
      line.rows === null ? '-' : `~${line.rows.toLocaleString('en')}`,
      line.bytes === null ? '-' : humanBytes(line.bytes),
      line.fails !== undefined ? 'FAILS' : (line.algorithm ?? (line.kind === 'alter' ? '?' : line.kind)),
      line.lock ?? '-',
      line.note,
    ]),
  );
}

/** The data checks of a plan, one line each, with their counts when counted. */
export function checkLines(lines: PlanLine[]): string[] {
  return lines.flatMap((line) =>
    line.checks.map(({ check, count, examples }) => {
      const counted =
        count === null
          ? 'counted when it runs'
          : count === 0
            ? 'none: passes'
            : `${count.toLocaleString('en')} found, e.g. ${examples.join(' | ')}: the migration will be refused`;
      return `check ${line.migration} #${line.statement}: ${check.description}: ${counted}`;
    }),
  );
}

/** One statement of a plan in one line, for messages. */
export function planLineText(line: PlanLine): string {
  const rows = line.rows === null ? '' : `, ~${line.rows.toLocaleString('en')} rows`;
  const sql = line.sql.replace(/\s+/g, ' ').slice(0, 120);
  const how =
    line.fails !== undefined ? 'fails' : (line.algorithm ?? (line.kind === 'alter' ? 'not planned' : line.kind));
  return `${line.migration} #${line.statement} on ${line.table ?? '?'}${rows}: ${how}, LOCK=${line.lock ?? '-'} (${line.note}): ${sql}`;
}

function humanBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
