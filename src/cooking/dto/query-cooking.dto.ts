import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination.dto.js';

export class QueryCookingDto extends PaginationQueryDto {
  /** Exact match on the category. */
  @ApiPropertyOptional({ example: '和食', maxLength: 100, description: 'exact match' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  category?: string;

  /** Substring of the name. */
  @ApiPropertyOptional({
    example: 'カレー',
    maxLength: 255,
    description:
      'substring of the name, one character or more (wildcards taken literally), found through the name index (docs/search.md)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  q?: string;
}
