import { ApiProperty } from '@nestjs/swagger';
import { MAX_EXACT_COUNT } from './keyset-pages.js';
import { MAX_LIMIT, MAX_OFFSET } from './pagination.dto.js';

/** The fields every list answers besides its items. */
export abstract class PageFieldsDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: MAX_LIMIT, example: 20 })
  limit!: number;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: MAX_OFFSET, example: 0 })
  offset!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 24,
    pattern: '^c1\\.[A-Za-z0-9_-]+$',
    example: 'c1.NDI',
    description: 'pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    nullable: true,
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    example: null,
    description: `null unless asked for with \`count\` (exact counts stop at ${MAX_EXACT_COUNT})`,
  })
  total!: number | null;

  @ApiProperty({
    // null listed too: with OpenAPI 3.0's nullable, an enum still lists every allowed value.
    enum: ['exact', 'at-least', 'estimate', null],
    nullable: true,
    example: null,
    description: 'what `total` is: exact, a lower bound (an exact count that reached its bound), or an estimate',
  })
  totalKind!: 'exact' | 'at-least' | 'estimate' | null;
}
