import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsText } from '../../validation/field-validators.js';
import { PaginationQueryDto } from '../../db/pagination.dto.js';

export class QueryCookingDto extends PaginationQueryDto {
  /** Exact match on the category. */
  @ApiPropertyOptional({ example: '和食', maxLength: 100, description: 'exact match' })
  @IsOptional()
  @IsText({ max: 100 })
  category?: string;

  /** Substring of the name. */
  @ApiPropertyOptional({
    example: 'カレー',
    maxLength: 255,
    description:
      'substring of the name, one character or more (wildcards taken literally), found through the name index (docs/search.md)',
  })
  @IsOptional()
  @IsText({ max: 255 })
  q?: string;
}
