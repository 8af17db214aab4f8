import { droppedColumn, parseAlterTable, parseColumnDefinition, unquote, quoteIdentifier } from './sql-clauses.js';

/**
 * The statements that carry one breaking ALTER clause through a rolling deploy: what the expand
 * migration does (and its down), what the contract migration does. `contractDown` is left out
 * when the generated down() clauses already revert the contract part.
 */
export interface SafeSequence {
  expandUp: string[];
  expandDown: string[];
  contractUp: string[];
  contractDown?: string[];
  /** Columns whose generated down() clauses this sequence replaces. */
  replaces: string[];
  /** Why the contract part's drop loses nothing (its values live on elsewhere), for its allowDestructive marker. */
  keeps?: string;
}

const NAME = String.raw`(\`[^\`]+\`|\w+)`;
const CHANGE = new RegExp(String.raw`^change\s+(?:column\s+)?${NAME}\s+${NAME}\s+([\s\S]+)$`, 'i');
const ADD_COLUMN = new RegExp(String.raw`^add\s+(?:column\s+)?${NAME}\s+([\s\S]+)$`, 'i');

const q = quoteIdentifier;
/** The same definition with NULL allowed, for the window in which one release does not write it. */
const nullable = (definition: string) => definition.replace(/\bnot\s+null\b/i, 'null');
/** MySQL names are at most 64 characters. */
const triggerName = (table: string, column: string, event: 'insert' | 'update') =>
  `${table}_${column}_sync_${event}`.slice(-64);

/**
 * For a clause the compatibility lint refuses in an expand migration, the statements that make it
 * safe, where they can be derived from the SQL alone: a column rename becomes add + sync triggers
 * + backfill (expand) and drop of the old column (contract); a dropped NOT NULL column without a
 * default is made nullable first, so the release that no longer writes it can insert.
 */
export function safeSequenceFor(table: string, clause: string, down: string[]): SafeSequence | undefined {
  const change = CHANGE.exec(clause.trim());
  if (change && unquote(change[1]) !== unquote(change[2])) {
    const [from, to] = [unquote(change[1]), unquote(change[2])];
    const definition = change[3].trim().replace(/;$/, '');
    return renameSequence(table, from, to, definition, previousDefinition(table, from, down) ?? definition);
  }
  const column = droppedColumn(clause);
  if (column !== undefined) {
    const definition = previousDefinition(table, column, down);
    const parsed = definition ? parseColumnDefinition(`${q(column)} ${definition}`) : undefined;
    if (definition && parsed?.notNull && !parsed.hasDefault && !parsed.autoIncrement) {
      return {
        expandUp: [`alter table ${q(table)} modify ${q(column)} ${nullable(definition)};`],
        expandDown: [`alter table ${q(table)} modify ${q(column)} ${definition};`],
        contractUp: [`alter table ${q(table)} drop column ${q(column)};`],
        replaces: [],
      };
    }
  }
  return undefined;
}

/** The column's definition as down() restores it: `add col <def>`, or `change new col <def>` for a rename. */
function previousDefinition(table: string, column: string, down: string[]): string | undefined {
  for (const sql of down) {
    const alter = parseAlterTable(sql);
    if (alter?.table !== table) {
      continue;
    }
    for (const clause of alter.clauses) {
      const add = ADD_COLUMN.exec(clause);
      if (add && unquote(add[1]) === column) {
        return add[2].trim();
      }
      const change = CHANGE.exec(clause);
      if (change && unquote(change[2]) === column) {
        return change[3].trim();
      }
    }
  }
  return undefined;
}

/**
 * Rename `from` → `to` in two migrations. Expand: add `to` (nullable while the old release, which
 * does not write it, still runs), triggers that copy each write of either column into the other,
 * then the backfill (after the triggers, so no write lands between the two unseen). Contract:
 * the triggers go, `to` gets its final definition, `from` is dropped.
 */
function renameSequence(table: string, from: string, to: string, definition: string, fromDefinition: string) {
  const insert = triggerName(table, to, 'insert');
  const update = triggerName(table, to, 'update');
  const [t, f, n] = [q(table), q(from), q(to)];
  const triggers = [
    `create trigger ${q(insert)} before insert on ${t} for each row ` +
      `set new.${n} = coalesce(new.${n}, new.${f}), new.${f} = coalesce(new.${f}, new.${n});`,
    `create trigger ${q(update)} before update on ${t} for each row begin ` +
      `if not (new.${f} <=> old.${f}) then set new.${n} = new.${f}; ` +
      `elseif not (new.${n} <=> old.${n}) then set new.${f} = new.${n}; end if; end;`,
  ];
  const dropTriggers = [`drop trigger if exists ${q(update)};`, `drop trigger if exists ${q(insert)};`];
  const tightens = /\bnot\s+null\b/i.test(definition);
  const fromTightens = /\bnot\s+null\b/i.test(fromDefinition);
  // The new release does not write the old column: NOT NULL without a default would refuse its inserts.
  const relaxFrom = fromTightens && !/\bdefault\b/i.test(fromDefinition);
  return {
    expandUp: [
      ...(relaxFrom ? [`alter table ${t} modify ${f} ${nullable(fromDefinition)};`] : []),
      `alter table ${t} add ${n} ${nullable(definition)};`,
      ...triggers,
      `update ${t} set ${n} = ${f} where not (${n} <=> ${f});`,
    ],
    expandDown: [
      ...dropTriggers,
      `alter table ${t} drop column ${n};`,
      ...(relaxFrom ? [`alter table ${t} modify ${f} ${fromDefinition};`] : []),
    ],
    contractUp: [
      ...dropTriggers,
      ...(tightens ? [`alter table ${t} modify ${n} ${definition};`] : []),
      `alter table ${t} drop column ${f};`,
    ],
    contractDown: [
      `alter table ${t} add ${f} ${nullable(fromDefinition)};`,
      ...triggers,
      `update ${t} set ${f} = ${n} where not (${f} <=> ${n});`,
      ...(fromTightens ? [`alter table ${t} modify ${f} ${fromDefinition};`] : []),
      ...(tightens ? [`alter table ${t} modify ${n} ${nullable(definition)};`] : []),
    ],
    replaces: [from, to],
    keeps: `${table}.${from} was renamed to ${to}; its values are there (db split)`,
  } satisfies SafeSequence;
}
