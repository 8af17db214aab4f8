import { breakingChanges } from './compat-lint.js';
import { lintMigration } from './destructive-lint.js';
import { safeSequenceFor } from './safe-sequences.js';
import { droppedColumn, parseAlterTable, tableOfCreate, tableOfDdl, unquote, quoteIdentifier } from './sql-clauses.js';

export interface MigrationBody {
  up: string[];
  down: string[];
}

/**
 * Splits a generated diff into an expand part (what the running release tolerates) and a
 * contract part (what breaks it: drops, renames, narrowing, NOT NULL …), down to the clauses of
 * one ALTER. A down() clause goes with the part whose change it reverts: the one naming the same
 * table and column or index (or, for a dropped table, the same table). A clause with a known
 * safe sequence (safe-sequences.ts: a column rename, a NOT NULL column dropped) is rewritten as
 * that sequence rather than moved whole. Returns undefined when nothing breaks the running release.
 */
export interface SplitParts {
  expand: MigrationBody;
  contract: MigrationBody;
  /**
   * Set when every destructive statement of the contract part drops what a safe sequence copied
   * first (a renamed column): the reason its allowDestructive marker gives.
   */
  keeps?: string;
}

export function splitBreaking(body: MigrationBody): SplitParts | undefined {
  const expand: MigrationBody = { up: [], down: [] };
  const contract: MigrationBody = { up: [], down: [] };
  /** `table` (a whole table) or `table.subject` that the contract part changes. */
  const contracted = new Set<string>();
  /** `table.column` whose down() clauses a safe sequence wrote itself. */
  const replaced = new Set<string>();
  const sequenced: { expandDown: string[]; contractDown: string[] } = { expandDown: [], contractDown: [] };
  const keeps: string[] = [];
  /** `table.column` that a safe sequence copied elsewhere before the contract part drops it. */
  const copied = new Set<string>();
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
      (clause) => breakingChanges([`alter table ${quoteIdentifier(alter.table)} ${clause}`], body.down).length > 0,
    );
    breaking.forEach((clause) => subjectsOf(clause).forEach((subject) => contracted.add(`${alter.table}.${subject}`)));
    pushAlter(expand.up, alter.table, kept);
    const moved: string[] = [];
    for (const clause of breaking) {
      const sequence = safeSequenceFor(alter.table, clause, body.down);
      if (!sequence) {
        moved.push(clause);
        continue;
      }
      expand.up.push(...sequence.expandUp);
      contract.up.push(...sequence.contractUp);
      sequenced.expandDown.unshift(...sequence.expandDown);
      if (sequence.keeps) {
        keeps.push(sequence.keeps);
        copied.add(`${alter.table}.${sequence.replaces[0]}`);
      }
      if (sequence.contractDown) {
        sequenced.contractDown.unshift(...sequence.contractDown);
        sequence.replaces.forEach((column) => replaced.add(`${alter.table}.${column}`));
      }
    }
    pushAlter(contract.up, alter.table, moved);
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
    const clauses = alter.clauses.filter(
      (clause) => !subjectsOf(clause).some((subject) => replaced.has(`${alter.table}.${subject}`)),
    );
    const [reverting, rest] = partition(
      clauses,
      (clause) =>
        contracted.has(alter.table) ||
        subjectsOf(clause).some((subject) => contracted.has(`${alter.table}.${subject}`)),
    );
    pushAlter(contract.down, alter.table, reverting);
    pushAlter(expand.down, alter.table, rest);
  }
  // A sequence's own down() runs first in each part: it reverts what that part did last.
  expand.down.unshift(...sequenced.expandDown);
  contract.down.unshift(...sequenced.contractDown);
  const lossless = keeps.length > 0 && losesOnly(contract.up, contract.down, copied);
  return { expand, contract, ...(lossless ? { keeps: keeps.join('; ') } : {}) };
}

/** Whether every statement of `up` that loses data drops one of the `copied` columns. */
function losesOnly(up: string[], down: string[], copied: Set<string>): boolean {
  return lintMigration(up, down).every((finding) => {
    const alter = parseAlterTable(up[finding.statement - 1]);
    const dropped = alter?.clauses.map(droppedColumn);
    return (
      finding.rule === 'drop-column' &&
      dropped?.every((column) => column !== undefined && copied.has(`${alter!.table}.${column}`))
    );
  });
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

function pushAlter(into: string[], table: string, clauses: string[]): void {
  if (clauses.length > 0) {
    into.push(`alter table ${quoteIdentifier(table)} ${clauses.join(', ')};`);
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
