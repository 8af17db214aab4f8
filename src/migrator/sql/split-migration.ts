import { breakingChanges } from './compat-lint.js';
import { parseAlterTable, tableOfCreate, tableOfDdl, unquote } from './sql-clauses.js';

export interface MigrationBody {
  up: string[];
  down: string[];
}

/**
 * Splits a generated diff into an expand part (what the running release tolerates) and a
 * contract part (what breaks it: drops, renames, narrowing, NOT NULL …), down to the clauses of
 * one ALTER. A down() clause goes with the part whose change it reverts: the one naming the same
 * table and column or index (or, for a dropped table, the same table). Returns undefined when
 * nothing breaks the running release.
 */
export function splitBreaking(body: MigrationBody): { expand: MigrationBody; contract: MigrationBody } | undefined {
  const expand: MigrationBody = { up: [], down: [] };
  const contract: MigrationBody = { up: [], down: [] };
  /** `table` (a whole table) or `table.subject` that the contract part changes. */
  const contracted = new Set<string>();
  for (const sql of body.up) {
    const alter = parseAlterTable(sql);
    if (!alter) {
      const breaking = breakingChanges([sql], body.down).length > 0;
      (breaking ? contract : expand).up.push(sql);
      if (breaking) {
        const table = tableOfDdl(sql);
        const index = /^drop\s+index\s+(`[^`]+`|\w+)/i.exec(sql.trim());
        contracted.add(index && table ? `${table}.${unquote(index[1])}` : (table ?? sql));
      }
      continue;
    }
    const [breaking, kept] = partition(
      alter.clauses,
      (clause) => breakingChanges([`alter table \`${alter.table}\` ${clause}`], body.down).length > 0,
    );
    breaking.forEach((clause) => subjectsOf(clause).forEach((subject) => contracted.add(`${alter.table}.${subject}`)));
    pushAlter(contract.up, alter.table, breaking);
    pushAlter(expand.up, alter.table, kept);
  }
  if (contract.up.length === 0) {
    return undefined;
  }
  for (const sql of body.down) {
    const alter = parseAlterTable(sql);
    if (!alter) {
      const table = tableOfCreate(sql) ?? tableOfDdl(sql);
      const index = /^create\s+(?:unique\s+)?index\s+(`[^`]+`|\w+)/i.exec(sql.trim());
      const reverts =
        table !== undefined && (contracted.has(table) || (index && contracted.has(`${table}.${unquote(index[1])}`)));
      (reverts ? contract : expand).down.push(sql);
      continue;
    }
    const [reverting, rest] = partition(
      alter.clauses,
      (clause) =>
        contracted.has(alter.table) ||
        subjectsOf(clause).some((subject) => contracted.has(`${alter.table}.${subject}`)),
    );
    pushAlter(contract.down, alter.table, reverting);
    pushAlter(expand.down, alter.table, rest);
  }
  return { expand, contract };
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

function pushAlter(into: string[], table: string, clauses: string[]): void {
  if (clauses.length > 0) {
    into.push(`alter table \`${table}\` ${clauses.join(', ')};`);
  }
}

const NAME = String.raw`(\`[^\`]+\`|\w+)`;
const SUBJECT_PATTERNS = [
  new RegExp(
    String.raw`^(?:add|drop|modify)\s+(?:column\s+)?(?!index\b|key\b|unique\b|primary\b|foreign\b|constraint\b|fulltext\b|spatial\b|check\b)${NAME}`,
    'i',
  ),
  new RegExp(String.raw`^(?:add|drop)\s+(?:unique\s+|fulltext\s+|spatial\s+)?(?:index|key)\s+${NAME}`, 'i'),
  new RegExp(String.raw`^add\s+(?:constraint\s+\S+\s+)?unique\s+(?:index\s+|key\s+)?${NAME}`, 'i'),
  new RegExp(String.raw`^(?:add\s+constraint|drop\s+foreign\s+key|drop\s+constraint)\s+${NAME}`, 'i'),
  new RegExp(String.raw`^change\s+(?:column\s+)?${NAME}\s+${NAME}`, 'i'),
  new RegExp(String.raw`^rename\s+(?:column|index|key)\s+${NAME}\s+to\s+${NAME}`, 'i'),
];

/** The columns or indexes an ALTER clause names (both names of a rename). */
function subjectsOf(clause: string): string[] {
  for (const pattern of SUBJECT_PATTERNS) {
    const match = pattern.exec(clause.trim());
    if (match) {
      return match.slice(1).filter(Boolean).map(unquote);
    }
  }
  return [];
}
