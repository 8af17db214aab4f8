/** Small, purpose-built readers for the DDL MikroORM generates; not a general SQL parser. */

/** Splits on commas that are not inside parentheses or quotes. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const char of text) {
    if (quote) {
      quote = char === quote ? null : quote;
    } else if (char === "'" || char === '"' || char === '`') {
      quote = char;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
    } else if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) {
    parts.push(current.trim());
  }
  return parts;
}

export function unquote(identifier: string): string {
  return identifier.replace(/^[`"]|[`"]$/g, '');
}

/** A name as a MySQL/MariaDB identifier: in backticks, a backtick in it doubled. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

export interface AlterTable {
  table: string;
  clauses: string[];
}

const ALTER = /^alter\s+table\s+((?:`[^`]+`|\w+)(?:\.(?:`[^`]+`|\w+))?)\s+([\s\S]*?);?$/i;

export function parseAlterTable(statement: string): AlterTable | undefined {
  const match = ALTER.exec(statement.trim());
  if (!match) {
    return undefined;
  }
  const table = unquote(match[1].split('.').pop()!);
  return { table, clauses: splitTopLevel(match[2]) };
}

/**
 * The column an ALTER clause drops (`drop [column] c`); undefined for any other clause, including
 * the drops of an index, key, primary key, foreign key, constraint or check.
 */
export function droppedColumn(clause: string): string | undefined {
  const match = /^drop\s+(?:column\s+)?(?!(?:index|key|primary|foreign|constraint|check)\b)(`[^`]+`|\w+)\s*$/i.exec(
    clause.trim(),
  );
  return match ? unquote(match[1]) : undefined;
}

export function tableOfCreate(statement: string): string | undefined {
  const match = /^create\s+table\s+(?:if\s+not\s+exists\s+)?(`[^`]+`|\w+)/i.exec(statement.trim());
  return match ? unquote(match[1]) : undefined;
}

export interface ColumnDefinition {
  column: string;
  type: string;
  length?: number;
  scale?: number;
  unsigned: boolean;
  notNull: boolean;
  hasDefault: boolean;
  autoIncrement: boolean;
}

/** Reads "`name` varchar(100) not null default 'x'" (the part after ADD / MODIFY / CHANGE old). */
export function parseColumnDefinition(text: string): ColumnDefinition | undefined {
  const match = /^(`[^`]+`|\w+)\s+(\w+)(?:\s*\(\s*(\d+)(?:\s*,\s*(\d+))?\s*\))?([\s\S]*)$/i.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const rest = match[5].toLowerCase();
  return {
    column: unquote(match[1]),
    type: match[2].toLowerCase(),
    length: match[3] === undefined ? undefined : Number(match[3]),
    scale: match[4] === undefined ? undefined : Number(match[4]),
    unsigned: /\bunsigned\b/.test(rest),
    notNull: /\bnot\s+null\b/.test(rest),
    hasDefault: /\bdefault\b/.test(rest),
    autoIncrement: /\bauto_increment\b/.test(rest),
  };
}

const TABLE_NAME = '((?:`[^`]+`|\\w+)(?:\\.(?:`[^`]+`|\\w+))?)';
const TABLE_OF_DDL = [
  new RegExp(`^alter\\s+(?:online\\s+|ignore\\s+)*table\\s+${TABLE_NAME}`, 'i'),
  new RegExp(`^create\\s+(?:unique\\s+|fulltext\\s+|spatial\\s+)?index\\s+\\S+\\s+on\\s+${TABLE_NAME}`, 'i'),
  new RegExp(`^drop\\s+index\\s+\\S+\\s+on\\s+${TABLE_NAME}`, 'i'),
  new RegExp(`^drop\\s+table\\s+(?:if\\s+exists\\s+)?${TABLE_NAME}`, 'i'),
  new RegExp(`^truncate\\s+(?:table\\s+)?${TABLE_NAME}`, 'i'),
  new RegExp(`^rename\\s+table\\s+${TABLE_NAME}`, 'i'),
];

/** The (first) existing table a DDL statement needs a metadata lock on, if it names one. */
export function tableOfDdl(statement: string): string | undefined {
  for (const pattern of TABLE_OF_DDL) {
    const match = pattern.exec(statement.trim());
    if (match) {
      return unquote(match[1].split('.').pop()!);
    }
  }
  return undefined;
}
