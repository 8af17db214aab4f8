import type { ColumnDefinition } from './sql-clauses.js';

const TEXT_CAPACITY: Record<string, number> = {
  tinytext: 255,
  text: 65_535,
  mediumtext: 16_777_215,
  longtext: 4_294_967_295,
  tinyblob: 255,
  blob: 65_535,
  mediumblob: 16_777_215,
  longblob: 4_294_967_295,
};
const INTEGER_BYTES: Record<string, number> = { tinyint: 1, smallint: 2, mediumint: 3, int: 4, integer: 4, bigint: 8 };
const FLOAT_RANK: Record<string, number> = { float: 1, real: 2, double: 2 };
const TEMPORAL = new Set(['date', 'datetime', 'timestamp', 'time', 'year']);

type Family = 'string' | 'integer' | 'decimal' | 'float' | 'temporal' | 'other';

function familyOf(type: string): Family {
  if (type === 'char' || type === 'varchar' || type === 'binary' || type === 'varbinary' || type in TEXT_CAPACITY) {
    return 'string';
  }
  if (type in INTEGER_BYTES) {
    return 'integer';
  }
  if (type === 'decimal' || type === 'numeric') {
    return 'decimal';
  }
  if (type in FLOAT_RANK) {
    return 'float';
  }
  return TEMPORAL.has(type) ? 'temporal' : 'other';
}

function stringCapacity(column: ColumnDefinition): number {
  return TEXT_CAPACITY[column.type] ?? column.length ?? 1;
}

/** Whether every value `from` can hold also fits `to`; if not, why not. */
export function describeNarrowing(from: ColumnDefinition, to: ColumnDefinition): string | undefined {
  const [a, b] = [familyOf(from.type), familyOf(to.type)];
  const label = (column: ColumnDefinition) =>
    `${column.type}${column.length === undefined ? '' : `(${column.length}${column.scale === undefined ? '' : `,${column.scale}`})`}${column.unsigned ? ' unsigned' : ''}`;
  const change = `${label(from)} → ${label(to)}`;
  if (a !== b) {
    return b === 'string' && a !== 'other' && stringCapacity(to) >= 64 ? undefined : `type family changes (${change})`;
  }
  switch (a) {
    case 'string':
      return stringCapacity(to) < stringCapacity(from) ? `narrower text (${change})` : undefined;
    case 'integer': {
      const [fromBytes, toBytes] = [INTEGER_BYTES[from.type], INTEGER_BYTES[to.type]];
      if (
        toBytes < fromBytes ||
        (toBytes === fromBytes && from.unsigned !== to.unsigned) ||
        (!from.unsigned && to.unsigned)
      ) {
        return `narrower integer (${change})`;
      }
      return undefined;
    }
    case 'decimal': {
      const precision = (column: ColumnDefinition) => column.length ?? 10;
      const scale = (column: ColumnDefinition) => column.scale ?? 0;
      const narrower = scale(to) < scale(from) || precision(to) - scale(to) < precision(from) - scale(from);
      return narrower ? `narrower decimal (${change})` : undefined;
    }
    case 'float':
      return FLOAT_RANK[to.type] < FLOAT_RANK[from.type] ? `less precise number (${change})` : undefined;
    case 'temporal':
      return from.type === to.type ? undefined : `different date/time type (${change})`;
    default:
      return from.type === to.type ? undefined : `type changes (${change})`;
  }
}
