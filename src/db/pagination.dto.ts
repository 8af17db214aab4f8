import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateBy } from 'class-validator';
import { MAX_EXACT_COUNT, type CountMode, type PageRequest, type TotalKind } from './keyset-pages.js';
import { idOf } from '../validation/id-param.decorator.js';
import { QueryInt } from '../validation/query-int.transform.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
/** Deeper than this, an offset page reads and skips too many rows: the cursor is the way on. */
export const MAX_OFFSET = 10_000;
const COUNT_MODES: CountMode[] = ['none', 'exact', 'estimate'];

/** A cursor is opaque to clients: `c1.` and the last id of the page, base64url-encoded. */
export function encodeCursor(lastId: number): string {
  return `c1.${Buffer.from(String(lastId)).toString('base64url')}`;
}

/** The id a cursor continues after, or undefined when it is not one this API made. */
export function decodeCursor(cursor: string): number | undefined {
  const match = /^c1\.([A-Za-z0-9_-]{1,16})$/.exec(cursor);
  return match ? idOf(Buffer.from(match[1], 'base64url').toString()) : undefined;
}

export class PaginationQueryDto {
  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @QueryInt(1, MAX_LIMIT)
  limit: number = DEFAULT_LIMIT;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: MAX_OFFSET,
    default: 0,
    description: `the slow path, kept for compatibility: at most ${MAX_OFFSET}; page deeper with \`cursor\``,
  })
  @QueryInt(0, MAX_OFFSET, 'page deeper with cursor (the nextCursor of the previous page)')
  offset: number = 0;

  @ApiPropertyOptional({
    maxLength: 24,
    pattern: '^c1\\.[A-Za-z0-9_-]+$',
    example: 'c1.NDI',
    description: "the previous page's nextCursor: the page after it, in id order, at the cost of the first page",
  })
  @IsOptional()
  @ValidateBy({
    name: 'isCursor',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && decodeCursor(value) !== undefined,
      defaultMessage: () => 'cursor is not valid: pass the nextCursor of a previous page unchanged',
    },
  })
  cursor?: string;

  @ApiPropertyOptional({
    enum: COUNT_MODES,
    default: 'none',
    description:
      `\`none\`: no total (null); \`exact\`: counted, up to ${MAX_EXACT_COUNT} (beyond it totalKind is "at-least"); ` +
      "`estimate`: the optimizer's row estimate, no scan",
  })
  @IsOptional()
  @IsIn(COUNT_MODES, { message: `count must be one of ${COUNT_MODES.join(', ')}` })
  count: CountMode = 'none';
}

/** The repository's request for a page; a cursor and an offset together are refused. */
export function pageRequest(query: PaginationQueryDto): PageRequest {
  if (query.cursor !== undefined && query.offset > 0) {
    throw new BadRequestException('use either cursor or offset, not both');
  }
  return {
    limit: query.limit,
    offset: query.offset,
    afterId: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    count: query.count,
  };
}

export interface Page<T> {
  items: T[];
  limit: number;
  offset: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  total: number | null;
  totalKind: TotalKind | null;
}

/** A page of records as the API answers it. */
export function toPage<R extends { id: number }, T>(
  rows: { items: R[]; more: boolean; total: number | null; totalKind: TotalKind | null },
  query: PaginationQueryDto,
  map: (record: R) => T,
): Page<T> {
  const last = rows.items.at(-1);
  return {
    items: rows.items.map(map),
    limit: query.limit,
    offset: query.offset,
    nextCursor: rows.more && last ? encodeCursor(last.id) : null,
    total: rows.total,
    totalKind: rows.totalKind,
  };
}
