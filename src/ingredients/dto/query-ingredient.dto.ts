import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination.dto.js';

export class QueryIngredientDto extends PaginationQueryDto {
  /** Substring of the name. */
  @ApiPropertyOptional({ example: 'ねぎ', maxLength: 100, description: 'substring of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
