import {
  parseColumnDefinition,
  quoteIdentifier as q,
  splitTopLevel,
  unquote,
  type ColumnDefinition,
} from './sql-clauses.js';
import { describeNarrowing } from './type-narrowing.js';
import type { DataCheck } from '../types.js';

/** A live column, as information_schema.columns has it. */
export interface LiveColumn {
  nullable: boolean;
  /** COLUMN_TYPE, e.g. `varchar(255)`, `int(10) unsigned`. */
  columnType: string;
}

export interface LiveTable {
  columns: Map<string, LiveColumn>;
  primaryKey: string[];
}

const EXAMPLES = 3;

/** Column names of an index or key list: `(a, b(10) desc)` → [a, b]. */
function keyColumns(list: string): string[] {
  return splitTopLevel(list).map((part) => unquote(/^(`[^`]+`|\w+)/.exec(part.trim())?.[1] ?? part.trim()));
}

/** The text inside the first parentheses at or after `from`, with nested ones kept. */
function parenthesised(text: string, from = 0): { inner: string; end: number } | undefined {
  const start = text.indexOf('(', from);
  if (start < 0) {
    return undefined;
  }
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    depth += text[index] === '(' ? 1 : text[index] === ')' ? -1 : 0;
    if (depth === 0) {
      return { inner: text.slice(start + 1, index), end: index + 1 };
    }
  }
  return undefined;
}

/**
 * The checks one ALTER clause needs against the live table (`database`.`table`); none when the
 * table or column is not there yet (nothing to check) or the change cannot fail on data.
 */
export function checksOfClause(database: string, table: string, clause: string, live: LiveTable): DataCheck[] {
  const from = `${q(database)}.${q(table)}`;
  const unique = /^add\s+(?:constraint\s+(?:`[^`]+`|\w+)\s+)?(unique|primary\s+key)\b/i.exec(clause);
  if (unique) {
    const list = parenthesised(clause, unique[0].length);
    return list ? [uniqueCheck(from, table, keyColumns(list.inner), unique[1].toLowerCase() !== 'unique')] : [];
  }
  const foreign = /^add\s+(?:constraint\s+(?:`[^`]+`|\w+)\s+)?foreign\s+key\b/i.exec(clause);
  if (foreign) {
    return foreignKeyCheck(database, table, clause, foreign[0].length);
  }
  const change = /^(?:modify\s+(?:column\s+)?|change\s+(?:column\s+)?(`[^`]+`|\w+)\s+)([\s\S]+)$/i.exec(clause);
  const next = change ? parseColumnDefinition(change[2]) : undefined;
  const current = next ? live.columns.get(change![1] ? unquote(change![1]) : next.column) : undefined;
  if (!next || !current) {
    return [];
  }
  const column = change![1] ? unquote(change![1]) : next.column;
  const checks: DataCheck[] = [];
  // An example names its row by its key (`id=2`), and for a value that does not fit, the value.
  const key = (live.primaryKey.length ? live.primaryKey : [column]).map((name) => `concat('${name}=', ${q(name)})`);
  const examples = (where: string, withValue = false) =>
    `select ${withValue ? `concat(concat_ws(', ', ${key.join(', ')}), ' holds ', quote(left(${q(column)}, 40)))` : `concat_ws(', ', ${key.join(', ')})`} as example ` +
    `from ${from} where ${where} limit ${EXAMPLES}`;
  if (next.notNull && current.nullable) {
    const where = `${q(column)} is null`;
    checks.push({
      kind: 'not-null',
      table,
      columns: [column],
      description: `NOT NULL on ${table}.${column}: rows holding NULL`,
      countSql: `select count(*) as n from ${from} where ${where}`,
      examplesSql: examples(where),
    });
  }
  const previous = parseColumnDefinition(`${q(column)} ${current.columnType}`);
  const where = previous && describeNarrowing(previous, next) ? outOfRange(q(column), next) : undefined;
  if (where) {
    checks.push({
      kind: 'fits',
      table,
      columns: [column],
      description: `${table}.${column} ${current.columnType} → ${typeLabel(next)}: rows whose value does not fit`,
      countSql: `select count(*) as n from ${from} where ${where}`,
      examplesSql: examples(where, true),
    });
  }
  return checks;
}

function uniqueCheck(from: string, table: string, columns: string[], primary: boolean): DataCheck {
  const list = columns.map(q).join(', ');
  // NULLs never collide in a UNIQUE key; a primary key refuses them outright.
  const where = primary ? '' : `where ${columns.map((column) => `${q(column)} is not null`).join(' and ')} `;
  const groups = `select ${list}, count(*) as copies from ${from} ${where}group by ${list} having count(*) > 1`;
  return {
    kind: 'unique',
    table,
    columns,
    description: `${primary ? 'PRIMARY KEY' : 'UNIQUE'} (${columns.join(', ')}) on ${table}: values held by more than one row`,
    countSql: `select count(*) as n from (${groups}) as duplicated`,
    examplesSql: `select concat(concat_ws(', ', ${list}), ' ×', copies) as example from (${groups} limit ${EXAMPLES}) as duplicated`,
  };
}

function foreignKeyCheck(database: string, table: string, clause: string, after: number): DataCheck[] {
  const own = parenthesised(clause, after);
  const references = own
    ? /^\s*references\s+((?:`[^`]+`|\w+)(?:\.(?:`[^`]+`|\w+))?)\s*/i.exec(clause.slice(own.end))
    : null;
  const theirs = references ? parenthesised(clause, own!.end + references[0].length - 1) : undefined;
  if (!own || !references || !theirs) {
    return [];
  }
  const parentName = unquote(references[1].split('.').pop()!);
  const [columns, parentColumns] = [keyColumns(own.inner), keyColumns(theirs.inner)];
  const child = `${q(database)}.${q(table)}`;
  const parent = `${q(database)}.${q(parentName)}`;
  const join = columns.map((column, index) => `c.${q(column)} = p.${q(parentColumns[index])}`).join(' and ');
  const where =
    columns.map((column) => `c.${q(column)} is not null`).join(' and ') + ` and p.${q(parentColumns[0])} is null`;
  const orphans = `from ${child} as c left join ${parent} as p on ${join} where ${where}`;
  return [
    {
      kind: 'foreign-key',
      table,
      columns,
      description: `FOREIGN KEY ${table} (${columns.join(', ')}) → ${parentName}: rows whose parent is missing`,
      countSql: `select count(*) as n ${orphans}`,
      examplesSql: `select concat_ws(', ', ${columns.map((column) => `c.${q(column)}`).join(', ')}) as example ${orphans} limit ${EXAMPLES}`,
    },
  ];
}

const INTEGER_RANGE: Record<string, [bigint, bigint]> = {
  tinyint: [-128n, 127n],
  smallint: [-32_768n, 32_767n],
  mediumint: [-8_388_608n, 8_388_607n],
  int: [-2_147_483_648n, 2_147_483_647n],
  integer: [-2_147_483_648n, 2_147_483_647n],
  bigint: [-9_223_372_036_854_775_808n, 9_223_372_036_854_775_807n],
};

/** A condition true for the values that do not fit the narrower type; undefined when it cannot be said in SQL simply. */
function outOfRange(column: string, next: ColumnDefinition): string | undefined {
  if ((next.type === 'varchar' || next.type === 'char') && next.length !== undefined) {
    return `char_length(${column}) > ${next.length}`;
  }
  const range = INTEGER_RANGE[next.type];
  if (range) {
    const [low, high] = next.unsigned ? [0n, range[1] * 2n + 1n] : range;
    return `(${column} < ${low} or ${column} > ${high})`;
  }
  if (next.type === 'decimal' && next.length !== undefined) {
    const whole = next.length - (next.scale ?? 0);
    return `abs(${column}) >= 1e${whole}`;
  }
  return undefined;
}

function typeLabel(column: ColumnDefinition): string {
  const size =
    column.length === undefined ? '' : `(${column.length}${column.scale === undefined ? '' : `,${column.scale}`})`;
  return `${column.type}${size}${column.unsigned ? ' unsigned' : ''}`;
}

/** Counts what stands in the way of each check, with a few examples of it. */
