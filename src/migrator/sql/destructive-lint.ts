import {
  droppedColumn,
  parseAlterTable,
  parseColumnDefinition,
  tableOfCreate,
  unquote,
  type ColumnDefinition,
} from './sql-clauses.js';
import { describeNarrowing } from './type-narrowing.js';
import type { DestructiveFinding, DestructiveRule } from '../types.js';
import { quoteIdentifier } from './sql-clauses.js';

interface Context {
  /** Tables this migration creates itself: changing them loses nothing. */
  created: Set<string>;
  /** Column definitions and unique indexes as down() restores them: what the columns were before. */
  previousColumns: Map<string, ColumnDefinition>;
  uniqueIndexes: Set<string>;
  /** Columns up() adds, by table: a drop beside an add on one table may be a rename done as drop + add. */
  added: Map<string, string[]>;
}

/** Finds the statements of a migration's up() that can lose data. */
export function lintMigration(up: string[], down: string[]): DestructiveFinding[] {
  const context: Context = {
    created: new Set(),
    previousColumns: new Map(),
    uniqueIndexes: new Set(),
    added: new Map(),
  };
  readDown(down, context);
  readAdded(up, context);
  const findings: DestructiveFinding[] = [];
  up.forEach((sql, index) => {
    for (const [rule, message] of lintStatement(sql, context)) {
      findings.push({ rule, statement: index + 1, message });
    }
  });
  return findings;
}

function readDown(down: string[], context: Context): void {
  for (const sql of down) {
    const alter = parseAlterTable(sql);
    for (const clause of alter?.clauses ?? []) {
      const definition = columnOfClause(clause);
      if (definition) {
        context.previousColumns.set(`${alter!.table}.${definition.column}`, definition);
      }
      const unique = /^add\s+(?:constraint\s+\S+\s+)?unique\s+(?:index\s+|key\s+)?(`[^`]+`|\w+)/i.exec(clause);
      if (unique) {
        context.uniqueIndexes.add(`${alter!.table}.${unquote(unique[1])}`);
      }
    }
    const createUnique = /^create\s+unique\s+index\s+(`[^`]+`|\w+)\s+on\s+(`[^`]+`|\w+)/i.exec(sql.trim());
    if (createUnique) {
      context.uniqueIndexes.add(`${unquote(createUnique[2])}.${unquote(createUnique[1])}`);
    }
  }
}

function readAdded(up: string[], context: Context): void {
  for (const sql of up) {
    const alter = parseAlterTable(sql);
    for (const clause of alter?.clauses ?? []) {
      const definition = /^add\b/i.test(clause) ? columnOfClause(clause) : undefined;
      if (definition) {
        context.added.set(alter!.table, [...(context.added.get(alter!.table) ?? []), definition.column]);
      }
    }
  }
}

/** The column a CHANGE clause renames from (`change old new <definition>`); MODIFY keeps its name. */
function renamedFrom(clause: string): string | undefined {
  const change = /^change\s+(?:column\s+)?(`[^`]+`|\w+)\s/i.exec(clause);
  return change ? unquote(change[1]) : undefined;
}

/** ADD / MODIFY / CHANGE clauses carry a full column definition. */
function columnOfClause(clause: string): ColumnDefinition | undefined {
  const add = /^(?:add|modify)\s+(?:column\s+)?([\s\S]+)$/i.exec(clause);
  if (
    add &&
    !/^(?:add|modify)\s+(?:constraint|index|key|unique|primary|foreign|fulltext|spatial|check)\b/i.test(clause)
  ) {
    return parseColumnDefinition(add[1]);
  }
  const change = /^change\s+(?:column\s+)?(?:`[^`]+`|\w+)\s+([\s\S]+)$/i.exec(clause);
  return change ? parseColumnDefinition(change[1]) : undefined;
}

function lintStatement(sql: string, context: Context): [DestructiveRule, string][] {
  const text = sql.trim();
  const created = tableOfCreate(text);
  if (created) {
    context.created.add(created);
    return [];
  }
  const dropTable = /^drop\s+table\s+(?:if\s+exists\s+)?([\s\S]+?);?$/i.exec(text);
  if (dropTable) {
    return [['drop-table', `DROP TABLE ${dropTable[1]}: the table and every row in it are deleted`]];
  }
  if (/^truncate\b/i.test(text)) {
    return [['truncate', `${text.slice(0, 60)}: every row is deleted`]];
  }
  if (/^drop\s+(?:database|schema)\b/i.test(text)) {
    return [['drop-database', `${text.slice(0, 60)}: the whole database is deleted`]];
  }
  const dropIndex = /^drop\s+index\s+(`[^`]+`|\w+)\s+on\s+(`[^`]+`|\w+)/i.exec(text);
  if (dropIndex) {
    return lintDropIndex(unquote(dropIndex[2]), unquote(dropIndex[1]), context);
  }
  const alter = parseAlterTable(text);
  if (!alter || context.created.has(alter.table)) {
    return [];
  }
  return alter.clauses.flatMap((clause) => lintAlterClause(alter.table, clause, context));
}

function lintAlterClause(table: string, clause: string, context: Context): [DestructiveRule, string][] {
  if (/^drop\s+primary\s+key\b/i.test(clause)) {
    return [['drop-unique-index', `table ${table}: dropping the primary key removes its uniqueness guarantee`]];
  }
  const dropIndex = /^drop\s+(?:index|key)\s+(`[^`]+`|\w+)/i.exec(clause);
  if (dropIndex) {
    return lintDropIndex(table, unquote(dropIndex[1]), context);
  }
  const column = droppedColumn(clause);
  if (column !== undefined) {
    const added = context.added.get(table) ?? [];
    const rename =
      added.length > 0
        ? `; it also adds ${added.join(', ')}: if this is a rename, write \`alter table ${quoteIdentifier(table)} change ${quoteIdentifier(column)} ` +
          `${quoteIdentifier(added[0])} <new definition>\` instead, which keeps the values (MikroORM writes a rename with a type ` +
          'change as drop + add)'
        : '';
    return [['drop-column', `table ${table}: DROP COLUMN ${column} deletes the column and its values${rename}`]];
  }
  const definition = columnOfClause(clause);
  if (!definition) {
    return [];
  }
  if (/^add\b/i.test(clause)) {
    return definition.notNull && !definition.hasDefault && !definition.autoIncrement
      ? [
          [
            'not-null-without-default',
            `table ${table}: new column ${definition.column} is NOT NULL without a default; existing rows get an implicit zero value, or the statement fails in strict mode`,
          ],
        ]
      : [];
  }
  return lintColumnChange(table, definition, renamedFrom(clause) ?? definition.column, context);
}

function lintColumnChange(
  table: string,
  next: ColumnDefinition,
  /** The column's name before this statement: a CHANGE may rename it. */
  before: string,
  context: Context,
): [DestructiveRule, string][] {
  const previous = context.previousColumns.get(`${table}.${before}`);
  if (!previous) {
    return [
      [
        'narrowing-type-change',
        `table ${table}: column ${next.column} changes to ${next.type} and its previous type is unknown (no down()); check that no value is cut`,
      ],
    ];
  }
  const findings: [DestructiveRule, string][] = [];
  const narrowing = describeNarrowing(previous, next);
  if (narrowing) {
    findings.push([
      'narrowing-type-change',
      `table ${table}: column ${next.column}: ${narrowing}; values that do not fit are cut or refused`,
    ]);
  }
  if (next.notNull && !previous.notNull && !next.hasDefault) {
    findings.push([
      'not-null-without-default',
      `table ${table}: column ${next.column} becomes NOT NULL without a default; existing NULLs are turned into zero values or refused`,
    ]);
  }
  return findings;
}

function lintDropIndex(table: string, index: string, context: Context): [DestructiveRule, string][] {
  const unique = context.uniqueIndexes.has(`${table}.${index}`) || /_unique$/i.test(index);
  return unique
    ? [['drop-unique-index', `table ${table}: dropping unique index ${index} lets duplicate values in`]]
    : [];
}
